#!/usr/bin/env node
'use strict';
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
require('../dist/main/cli/index.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`strata: ${err && err.message ? err.message : err}\n`);
      process.exitCode = 1;
    },
  );
