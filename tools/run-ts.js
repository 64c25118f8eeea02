#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point of this workspace: `node tools/run-ts.js <file.ts> [args...]`.
require('./register');
const path = require('path');
const [, , entry, ...args] = process.argv;
if (!entry) {
  console.error('usage: node tools/run-ts.js <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
