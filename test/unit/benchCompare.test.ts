import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeSlower, readRun, saveRun, slowerRows, type SavedRun } from '../bench/compareRuns';
import { tmpDir } from '../fixtures/generateRepo';

const before: SavedRun = {
  date: '2026-12-04T10:00:00.000Z',
  node: 'v20',
  cores: 2,
  rows: [
    { what: 'first blame', native: 0.7, strata: 0.8 },
    { what: 'blame again', native: 0.7, strata: 0.002 },
    { what: 'report', native: null, strata: 4 },
    { what: 'list', native: 0.05, strata: 0.3 },
    { what: 'gone', native: 1, strata: 1 },
  ],
};

test('the bench names the rows slower than in the last run: by the ratio to git where both runs have one, past noise', () => {
  const slower = slowerRows(before, [
    // 1.3 s against git's 0.7: 1.63x slower by the ratio (as a35e158 made the kernel's first blame)
    { what: 'first blame', native: 0.7, strata: 1.3 },
    // twice as slow, but 2 ms: noise on this machine
    { what: 'blame again', native: 0.7, strata: 0.004 },
    // no git to compare with: Strata's seconds, 30% slower
    { what: 'report', native: null, strata: 5.2 },
    // slower in seconds, but git was as much slower in the same run (a busy machine): not flagged
    { what: 'list', native: 0.08, strata: 0.45 },
    { what: 'new row', native: 1, strata: 9 },
  ]);
  assert.deepEqual(
    slower.map((s) => [s.what, s.by, Number(s.times.toFixed(2))]),
    [
      ['first blame', 'ratio', 1.63],
      ['report', 'seconds', 1.3],
    ],
  );
  assert.match(describeSlower(before, slower), /1\.63x slower: first blame \(1\.14x → 1\.86x of git\)/);
  assert.match(describeSlower(before, []), /No row is more than 25% slower/);
});

test('a saved run reads back; a missing or damaged one reads as none', () => {
  const dir = tmpDir('bench-compare');
  const file = path.join(dir, 'runs', 'last-run-all.json');
  assert.equal(readRun(file), null);
  saveRun(file, before);
  assert.deepEqual(readRun(file), before);
  saveRun(file, { ...before, rows: 'no' as unknown as SavedRun['rows'] });
  assert.equal(readRun(file), null);
});
