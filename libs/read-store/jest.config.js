module.exports = { ...require('../../jest.preset'), displayName: 'read-store', rootDir: __dirname };
