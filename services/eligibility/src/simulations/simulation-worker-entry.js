'use strict';
// Worker-thread entry for policy simulation pages (piscina). From the TypeScript sources (npm start,
// tests) the workspace loader compiles on require; in the compiled build the worker is JavaScript.
const path = require('node:path');
const fs = require('node:fs');

if (fs.existsSync(path.join(__dirname, 'simulation.worker.ts'))) {
  const loader = ['..', '..', '..', '..', 'tools', 'register.js'];
  require(path.join(__dirname, ...loader));
}
const worker = require('./simulation.worker');
module.exports = worker.default ?? worker;
