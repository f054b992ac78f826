#!/usr/bin/env node
'use strict';
require('../dist/main/cli/index.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`strata: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
