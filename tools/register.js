'use strict';
// Runtime loader: compiles TypeScript on require with SWC (decorator metadata for NestJS) and
// resolves the workspace aliases (@benefits/*) declared in tsconfig.base.json.
const Module = require('module');
const path = require('path');
const fs = require('fs');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

const root = path.resolve(__dirname, '..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [name, path.join(root, target)]),
);

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const target = aliases[request];
  return originalResolve.call(this, target ?? request, parent, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
