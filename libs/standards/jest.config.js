module.exports = { ...require('../../jest.preset'), displayName: 'standards', rootDir: __dirname };
