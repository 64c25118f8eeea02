#!/usr/bin/env node
'use strict';
// `npx benefits <command>` — the product's command line. Commands live in tools/cli/main.ts.
require('../register');
require('./main.ts');
