module.exports = { ...require('../../jest.preset'), displayName: 'sql', rootDir: __dirname };
