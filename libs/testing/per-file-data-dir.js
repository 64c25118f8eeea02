'use strict';
// jest setupFiles: every test file gets a data directory of its own (BENEFITS_DATA_DIR: audit anchors
// and their signing key, development identity keys, vault keys) unless it names one. Files run two at a
// time, and the product's default ./.data would let one file's anchors and keys reach another's. The
// directories sit in the run's directory (global set-up), removed when the run ends.
const { mkdirSync, mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

if (!process.env.BENEFITS_DATA_DIR) {
  const parent = process.env.BENEFITS_TEST_RUN_DIR || tmpdir();
  mkdirSync(parent, { recursive: true });
  process.env.BENEFITS_DATA_DIR = mkdtempSync(join(parent, 'data-'));
}
