// The console server's unit tests only (services/console/server/*.spec.ts). The browser code under
// src/ is checked by the browser suites (test/browser), not here.
module.exports = { ...require('../../jest.preset'), displayName: 'console', rootDir: __dirname, roots: ['<rootDir>/server'], testMatch: ['<rootDir>/server/**/*.spec.ts'] };
