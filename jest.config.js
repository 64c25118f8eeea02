'use strict';
// Root jest configuration: every project that has a jest.config.js under libs/, services/ or test/.
const fs = require('fs');
const path = require('path');

const projects = ['libs', 'services', 'test'].flatMap((dir) =>
  fs.existsSync(path.join(__dirname, dir))
    ? fs
        .readdirSync(path.join(__dirname, dir))
        .map((name) => path.join(dir, name, 'jest.config.js'))
        .filter((p) => fs.existsSync(path.join(__dirname, p)))
        .map((p) => `<rootDir>/${path.dirname(p)}`)
    : [],
);

module.exports = {
  projects,
  globalSetup: '<rootDir>/libs/testing/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/global-teardown.js',
};
