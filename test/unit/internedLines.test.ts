import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editedVersions } from '../fixtures/editedVersions';
import { diffLines } from '../../main/diff/diffLines';
import { LineInterner } from '../../main/diff/internedLines';
import { LineCounter } from '../../main/diff/lineCounter';
import { countLineChanges } from '../../main/diff/countLineChanges';

// diffLines is checked against git itself (gitDiffParity, blameParity); the interned diff must find exactly its changes
test('the interned diff finds what diffLines finds: every pair of consecutive and distant versions, myers and --minimal, with and without the common tail trimmed', () => {
  let pairs = 0;
  for (const [seed, options] of [
    [3, { startLines: 60 }],
    [8, { startLines: 200, crlf: true }],
    [13, { startLines: 400, maxLines: 900 }],
  ] as const) {
    const versions = editedVersions(seed, 80, options).map((t) => Buffer.from(t, 'latin1'));
    // one interner for all, as blame keeps it: ids carry over from diff to diff
    const interner = new LineInterner();
    const interned = versions.map((v) => interner.lines(v));
    // a version interned from a neighbour (its shared first and last lines taken from it) is the same
    for (let i = 1; i < versions.length; i++) {
      for (const like of [interned[i - 1]!, interned[Math.max(0, i - 9)]!, interner.lines(Buffer.alloc(0))]) {
        const derived = interner.lines(versions[i]!, like);
        assert.deepEqual([...derived.ids], [...interned[i]!.ids], `seed ${seed}, version ${i}: ids`);
        assert.deepEqual([...derived.records.starts], [...interned[i]!.records.starts], `seed ${seed}, version ${i}: starts`);
        assert.equal(derived.records.count, interned[i]!.records.count);
      }
    }
    for (let i = 1; i < versions.length; i++) {
      for (const j of [i - 1, Math.max(0, i - 17)]) {
        for (const trimCommonTail of [false, true]) {
          // (--minimal on a rewrite is slow in both: consecutive versions only)
          for (const minimal of j === i - 1 ? [false, true] : [false]) {
            const want = diffLines(versions[j]!, versions[i]!, { trimCommonTail, algorithm: minimal ? 'minimal' : 'myers' });
            const got = interner.diff(interned[j]!, interned[i]!, { trimCommonTail, minimal });
            assert.deepEqual(got.changes, want.changes, `seed ${seed}, versions ${j} → ${i}, trim ${trimCommonTail}, minimal ${minimal}`);
            assert.equal(got.lines1.count, want.lines1.count);
            assert.equal(got.lines2.count, want.lines2.count);
            pairs++;
          }
        }
      }
    }
  }
  assert.ok(pairs > 700);
});

test('interned lines: a last line without its newline is another line; empty files; ids are shared across versions', () => {
  const interner = new LineInterner();
  const a = interner.lines(Buffer.from('x\ny\nz'));
  const b = interner.lines(Buffer.from('x\ny\nz\n'));
  assert.deepEqual([...a.ids], [0, 1, 2]);
  assert.deepEqual([...b.ids], [0, 1, 3]);
  assert.equal(interner.size, 4);
  assert.deepEqual(interner.diff(a, b).changes, [{ start1: 2, count1: 1, start2: 2, count2: 1 }]);
  const empty = interner.lines(Buffer.alloc(0));
  assert.equal(empty.records.count, 0);
  assert.deepEqual(interner.diff(empty, b).changes, [{ start1: 0, count1: 0, start2: 0, count2: 3 }]);
  assert.deepEqual(interner.diff(b, empty, { trimCommonTail: true }).changes, [{ start1: 0, count1: 3, start2: 0, count2: 0 }]);
  // derived from a similar version, at the edges where a shared end starts inside a line of one of them
  for (const [x, y] of [
    ['A\nC\n', 'A\nDC\n'],
    ['A\nDC\n', 'A\nC\n'],
    ['C\n', 'DC\n'],
    ['A\nB', 'A\nB\n'],
    ['A\nB\n', 'A\nB'],
    ['x\ny\n', 'x\ny\n'],
    ['x\nyy', 'x\ny'],
    ['', 'a\n'],
    ['a\n', ''],
  ] as const) {
    const plain = interner.lines(Buffer.from(x));
    const derived = interner.lines(Buffer.from(x), interner.lines(Buffer.from(y)));
    assert.deepEqual([...derived.ids], [...plain.ids], `${JSON.stringify(x)} like ${JSON.stringify(y)}`);
    assert.deepEqual([...derived.records.starts], [...plain.records.starts], `${JSON.stringify(x)} like ${JSON.stringify(y)}`);
  }
  // long lines across the conversion chunks
  const long = Buffer.from(Array.from({ length: 50 }, (_, i) => `${String(i).repeat(700)}\n`).join(''));
  const l = interner.lines(long);
  assert.equal(l.records.count, 50);
  assert.equal(new Set(l.ids).size, 50);
  assert.deepEqual([...interner.lines(long).ids], [...l.ids]);
});

test('a LineCounter down a timeline counts what countLineChanges counts: added and deleted files, binary versions, each diff.algorithm', () => {
  const texts = editedVersions(21, 60, { startLines: 120, crlf: true }).map((t) => Buffer.from(t, 'latin1'));
  const versions: ({ oid: string; data: Buffer } | null)[] = texts.map((data, i) => ({ oid: `v${i}`, data }));
  versions.splice(20, 0, null); // deleted, then added again
  versions.splice(40, 0, { oid: 'bin', data: Buffer.from('a\0b\n') });
  for (const algorithm of ['myers', 'minimal', 'patience', 'histogram'] as const) {
    const counter = new LineCounter(algorithm);
    // newest first, as a timeline is counted
    for (let i = versions.length - 1; i > 0; i--) {
      const before = versions[i - 1]!;
      const after = versions[i]!;
      assert.deepEqual(
        counter.count(before, after),
        countLineChanges(before?.data ?? null, after?.data ?? null, algorithm),
        `${algorithm}: ${before?.oid ?? 'none'} → ${after?.oid ?? 'none'}`,
      );
    }
  }
});

test("an interner for -w gives lines equal but for whitespace one id: its diffs are diffLines' with ignoreWhitespace", () => {
  let pairs = 0;
  let differFromExact = 0;
  for (const [seed, options] of [
    [5, { startLines: 120 }],
    [9, { startLines: 300, crlf: true }],
  ] as const) {
    // every version has some lines re-indented, spaced or given a trailing blank (seeded)
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const versions = editedVersions(seed, 60, options).map((t) =>
      Buffer.from(
        t
          .split('\n')
          .map((l) => (random() < 0.1 ? (random() < 0.5 ? `  ${l.replace(/^\t/, '    ')} ` : l.replace(/ /g, '\t')) : l))
          .join('\n'),
        'latin1',
      ),
    );
    const interner = new LineInterner(true);
    const interned = versions.map((v, i) => interner.lines(v, i > 0 ? interner.lines(versions[i - 1]!) : undefined));
    for (let i = 1; i < versions.length; i++) {
      for (const j of [i - 1, Math.max(0, i - 11)]) {
        for (const indentHeuristic of [true, false]) {
          const want = diffLines(versions[j]!, versions[i]!, { trimCommonTail: true, ignoreWhitespace: true, indentHeuristic });
          const got = interner.diff(interned[j]!, interned[i]!, { trimCommonTail: true, indentHeuristic });
          assert.deepEqual(got.changes, want.changes, `seed ${seed}, versions ${j} → ${i}, indent heuristic ${indentHeuristic}`);
          pairs++;
          if (JSON.stringify(want.changes) !== JSON.stringify(diffLines(versions[j]!, versions[i]!, { trimCommonTail: true }).changes))
            differFromExact++;
        }
      }
    }
  }
  assert.ok(pairs > 200);
  // the whitespace edits matter: without -w many of these diffs are other diffs
  assert.ok(differFromExact > 50, `${differFromExact} diffs differ from the exact ones`);
});
