'use strict';
const path = require('path');
const swcOptions = require('./tools/swc-options');
const tsconfig = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
    `^${name.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

/** Shared jest settings; each project's jest.config.js spreads this and names itself. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions, sourceMaps: 'inline', swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // A data directory per test file (files run two at a time): libs/testing/per-file-data-dir.js.
  setupFiles: [path.join(__dirname, 'libs/testing/per-file-data-dir.js')],
};
