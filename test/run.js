'use strict';
// Runs every compiled test file with node's own test runner.
// `--big` also runs the opt-in tests that write gigabytes (STRATA_TEST_BIG_PACK=1: the pack over 2 GiB);
// other arguments pick the test files whose path contains one of them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function find(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const args = process.argv.slice(2);
const big = args.includes('--big');
const only = args.filter((a) => a !== '--big');
const files = find(path.join(__dirname, '..', 'dist', 'test'), [])
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const env = big ? { ...process.env, STRATA_TEST_BIG_PACK: '1' } : process.env;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
