import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { editedVersions } from '../fixtures/editedVersions';
import { countLineChanges } from '../../main/diff/countLineChanges';
import { LineInterner } from '../../main/diff/internedLines';
import { searchRoom } from '../../main/diff/myersSplit';
import { tmpDir } from '../fixtures/generateRepo';

test("the middle-snake search is taken as asm.js (compiled ahead of time) by this Node's V8", () => {
  const module = path.join(__dirname, '..', '..', 'main', 'diff', 'myersSplit.js');
  const r = spawnSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '-e',
      `const m = require(${JSON.stringify(module)}); m.linkSearch(); process.stdout.write(String(%IsAsmWasmCode(m.myersSplitSource)))`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'true', 'an edit made myersSplit invalid asm.js: it still works, but as slow JavaScript');
});

test('counts equal git diff --numstat while the search heap grows from small files to a 40,000-line rewrite and back, with interned lines between, its stack and heap made again', () => {
  const dir = tmpDir('myers-split');
  const numstat = (a: string, b: string): [number, number] => {
    fs.writeFileSync(path.join(dir, 'a'), a, 'latin1');
    fs.writeFileSync(path.join(dir, 'b'), b, 'latin1');
    let out: string;
    try {
      out = execFileSync('git', ['diff', '--no-index', '--numstat', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exit code 1: the files differ
    }
    const [add, del] = out.split('\t');
    return [Number(add ?? 0), Number(del ?? 0)];
  };
  const interner = new LineInterner();
  const small = editedVersions(4, 6, { startLines: 50 });
  const large = editedVersions(9, 3, { startLines: 40_000 });
  const rewrite = large[0]!
    .split('\n')
    .map((l, i) => (i % 5 === 0 ? l : `${l} /* ${i % 7} */`))
    .join('\n');
  const pairs = [
    [small[0]!, small[5]!],
    [large[0]!, rewrite],
    [large[1]!, large[2]!],
    [small[1]!, small[4]!],
  ] as const;
  // and with a stack of boxes too small for any of them (each search runs again with room for all), and with no
  // heap kept between diffs (each links the module to a new one): the same
  const room = { ...searchRoom };
  for (const [firstBoxes, keepHeapBytes] of [
    [room.firstBoxes, room.keepHeapBytes],
    [1, 0],
  ] as const) {
    Object.assign(searchRoom, { firstBoxes, keepHeapBytes });
    try {
      check();
    } finally {
      Object.assign(searchRoom, room);
    }
  }
  function check(): void {
    for (const [a, b] of pairs) {
      const want = numstat(a, b);
      const c = countLineChanges(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
      assert.deepEqual([c.additions, c.deletions], want);
      // the interned path counts each class in tables that share the heap with the search above: zeroed before use
      const older = interner.lines(Buffer.from(a, 'latin1'));
      const i = interner.count(older, interner.lines(Buffer.from(b, 'latin1'), older));
      assert.deepEqual([i.additions, i.deletions], want);
    }
  }
});
