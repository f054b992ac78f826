'use strict';
// Runs every compiled test file, each in its own `node --test` process, as many at once as the machine has
// cores (STRATA_TEST_LANES sets another number); the UI files (the longest) start first, one at a time beside the
// others, so the slowest file is not the last one started. Each file's
// TAP is printed whole when it ends (files never interleave), then a summary and the slowest files.
// `--big` also runs the opt-in tests that write gigabytes (STRATA_TEST_BIG_PACK=1: the pack over 2 GiB);
// other arguments pick the test files whose path contains one of them.
// (Node's own multi-file runner took 467 s for what this runs in 372 s on the same 2 cores.)
const { Buffer } = require('node:buffer');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
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
const root = path.join(__dirname, '..', 'dist', 'test');
const isUi = (f) => f.includes(`${path.sep}e2e${path.sep}`);
const files = find(root, [])
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => ({ f, size: fs.statSync(f).size }))
  .sort((a, b) => Number(isUi(b.f)) - Number(isUi(a.f)) || b.size - a.size)
  .map((x) => x.f);
// glibc hands memory freed at the top of the heap back to the kernel past its trim threshold, and takes it back on the
// next allocation: on a VM where a page fault costs ~10 µs, git fast-import building a 6,000-commit fixture spent
// 9 of its 14 s faulting (800,000 faults; 0.6 s and 10,000 with the threshold at 256 MiB). Kept for every process the
// tests start (git, Chromium, the host); nothing they check depends on it.
const tunables = process.env.GLIBC_TUNABLES ?? 'glibc.malloc.trim_threshold=268435456';
const env = { ...process.env, GLIBC_TUNABLES: tunables, ...(big ? { STRATA_TEST_BIG_PACK: '1' } : {}) };
const lanes = Math.max(1, Math.min(Number(process.env.STRATA_TEST_LANES) || os.availableParallelism(), files.length));
const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, cancelled: 0, todo: 0 };
const failedFiles = [];
const times = [];
const t0 = Date.now();
// one UI file at a time: two at once (each a Chromium, a host and the test) took longer together than one after the
// other beside the unit files (e2e files 515 s of file time at once, 479 s one at a time, the run no shorter)
const waiting = { ui: files.filter(isUi), other: files.filter((f) => !isUi(f)) };
let uiRunning = 0;
function nextFile() {
  if (uiRunning === 0 && waiting.ui.length) return waiting.ui.shift();
  return waiting.other.shift() ?? waiting.ui.shift();
}

function runOne(file) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(out).toString();
      const rel = path.relative(root, file);
      process.stdout.write(`# file: ${rel}\n${text}${text.endsWith('\n') ? '' : '\n'}`);
      for (const key of Object.keys(totals)) {
        const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text);
        if (m) totals[key] += Number(m[1]);
      }
      if (code !== 0 || !/^# tests \d+$/m.test(text)) failedFiles.push(`${rel} (${signal ?? `exit ${code}`})`);
      times.push([rel, (Date.now() - started) / 1000]);
      resolve();
    });
  });
}

async function lane() {
  for (let file = nextFile(); file; file = nextFile()) {
    const ui = isUi(file);
    uiRunning += Number(ui);
    await runOne(file);
    uiRunning -= Number(ui);
  }
}

Promise.all(Array.from({ length: lanes }, lane)).then(() => {
  const seconds = (Date.now() - t0) / 1000;
  times.sort((a, b) => b[1] - a[1]);
  const lines = [
    `# files ${files.length} (${lanes} at once)`,
    ...Object.entries(totals).map(([k, v]) => `# ${k} ${v}`),
    `# duration ${seconds.toFixed(1)} s`,
    `# slowest: ${times
      .slice(0, 5)
      .map(([f, s]) => `${f} ${s.toFixed(0)} s`)
      .join(', ')}`,
  ];
  if (failedFiles.length) lines.push(`# FAILED: ${failedFiles.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(failedFiles.length || totals.fail ? 1 : 0);
});
