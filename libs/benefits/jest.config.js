module.exports = { ...require('../../jest.preset'), displayName: 'benefits', rootDir: __dirname };
