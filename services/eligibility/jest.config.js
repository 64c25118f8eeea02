module.exports = { ...require('../../jest.preset'), displayName: 'eligibility', rootDir: __dirname };
