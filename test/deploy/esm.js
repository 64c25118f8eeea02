'use strict';
// Loads an ES module (kubernetes-models ships only ES modules) with a real dynamic import: plain
// JavaScript, so no TypeScript transform rewrites import() into require().
exports.importEsm = (specifier) => import(specifier);
