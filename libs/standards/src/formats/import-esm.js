'use strict';
// Loads an ES module from CommonJS with a real dynamic import. Kept as plain JavaScript so no TypeScript
// transform rewrites `import()` into `require()` (pdf.js ships ES modules only); under jest this file is
// evaluated in each test file's own environment, so the import is resolved there.
exports.importEsm = (url) => import(url);
