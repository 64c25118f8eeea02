module.exports = { ...require('../../jest.preset'), displayName: 'kernel', rootDir: __dirname };
