'use strict';
// Root jest configuration: every project that has a jest.config.js under libs/ or services/, and test/.
const fs = require('fs');
const path = require('path');

const projects = ['libs', 'services'].flatMap((dir) =>
  fs.existsSync(path.join(__dirname, dir))
    ? fs
        .readdirSync(path.join(__dirname, dir))
        .map((name) => path.join(dir, name, 'jest.config.js'))
        .filter((p) => fs.existsSync(path.join(__dirname, p)))
        .map((p) => `<rootDir>/${path.dirname(p)}`)
    : [],
);

// Cross-service suites (end-to-end, reliability) form one project of their own.
if (fs.existsSync(path.join(__dirname, 'test', 'jest.config.js'))) projects.push('<rootDir>/test');

module.exports = {
  projects,
  // Integration suites start servers and Nest apps; unit tests finish far below this.
  testTimeout: 60000,
  // Test files run in a worker process that is replaced once it holds more than this after a file:
  // run in band (jest's choice for one worker on two cores), every file's leftovers stay in one heap
  // and the whole suite slows down as garbage collection takes over.
  workerIdleMemoryLimit: '1GB',
  globalSetup: '<rootDir>/libs/testing/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/global-teardown.js',
};
