module.exports = { ...require('../../jest.preset'), displayName: 'disbursement', rootDir: __dirname };
