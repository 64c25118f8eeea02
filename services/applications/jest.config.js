module.exports = { ...require('../../jest.preset'), displayName: 'applications', rootDir: __dirname };
