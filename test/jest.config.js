// Cross-service suites (end-to-end, reliability, architecture), and the command line's own specs
// (tools/cli): the tools have no jest project of their own.
module.exports = {
  ...require('../jest.preset'),
  displayName: 'e2e',
  rootDir: __dirname,
  roots: ['<rootDir>', '<rootDir>/../tools'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 60000,
};
