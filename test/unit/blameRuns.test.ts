import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSet } from '../../main/blame/lineSet';
import { lineMapOf, preparedPair, splitRun } from '../../main/blame/preparedPair';
import { lineInParent } from '../../main/blame/blameFile';
import { diffLines } from '../../main/diff/diffLines';

/** A small random generator (the same cases on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function versions(r: () => number): [Buffer, Buffer] {
  const older = Array.from({ length: 5 + Math.floor(r() * 60) }, () => `line ${Math.floor(r() * 12)}\n`);
  const newer = [...older];
  for (let e = Math.floor(r() * 6); e > 0; e--) {
    const at = Math.floor(r() * (newer.length + 1));
    if (r() < 0.4) newer.splice(at, Math.floor(r() * 4));
    else newer.splice(at, Math.floor(r() * 2), ...Array.from({ length: 1 + Math.floor(r() * 4) }, () => `new ${Math.floor(r() * 5)}\n`));
  }
  return [Buffer.from(older.join('')), Buffer.from(newer.join(''))];
}

/** The reference: where each line went, one line at a time through the line map. */
function perLine(map: Int32Array, set: LineSet): { passed: [number, number][]; kept: [number, number][] } {
  const passed: [number, number][] = [];
  const kept: [number, number][] = [];
  set.forEachLine((f, h) => (map[h]! >= 0 ? passed.push([f, map[h]!]) : kept.push([f, h])));
  return { passed, kept };
}

const lines = (s: LineSet) => {
  const out: [number, number][] = [];
  s.forEachLine((f, h) => out.push([f, h]));
  return out;
};

test('blame moves runs of lines through a diff as it would move each line through the line map', () => {
  const r = random(7);
  for (let i = 0; i < 400; i++) {
    const [older, newer] = versions(r);
    const diff = diffLines(older, newer, { trimCommonTail: true });
    const count = newer.toString().split('\n').length - 1;
    const pair = preparedPair(diff.changes, count);
    const map = lineMapOf(pair);
    // the lines of the newer version in a few runs, some out of order (lines met from several children)
    const set = new LineSet();
    const cuts = [0, ...Array.from({ length: 3 }, () => Math.floor(r() * count)), count].sort((a, b) => a - b);
    const spans = cuts.slice(1).map((end, k) => [cuts[k]!, end] as const);
    if (r() < 0.5) spans.reverse();
    for (const [s, e] of spans) set.push(1000 + s, s, e - s);
    const passed = new LineSet();
    const kept = new LineSet();
    for (let run = 0; run < set.runs; run++) splitRun(pair, set.finalOf(run), set.hereOf(run), set.lenOf(run), passed, kept);
    const want = perLine(map, set);
    assert.deepEqual(lines(passed), want.passed, `case ${i}: passed`);
    assert.deepEqual(lines(kept), want.kept, `case ${i}: kept`);
    // every kept line's place in the parent, from the changes, as from the whole line map
    for (const [, h] of want.kept)
      assert.equal(lineInParent(pair, lineCountOf(older), h), referenceLineInParent(map, lineCountOf(older), h));
    // lines looked up by where they are, whatever the order they were added in
    for (const [f, h] of lines(set)) assert.equal(set.finalAt(h), f);
    assert.equal(set.finalAt(count + 5), -1);
  }
});

function lineCountOf(b: Buffer): number {
  return b.toString().split('\n').length - 1;
}

/** The parent's line from the whole line map (how blame found it before it kept runs). */
function referenceLineInParent(map: Int32Array, parentCount: number, here: number): number {
  let j = here;
  while (j >= 0 && map[j]! < 0) j--;
  const start1 = j >= 0 ? map[j]! + 1 : 0;
  let k = here;
  while (k < map.length && map[k]! < 0) k++;
  const end1 = k < map.length ? map[k]! : parentCount;
  const count1 = end1 - start1;
  if (count1 > 0) return start1 + Math.min(here - (j + 1), count1 - 1) + 1;
  return Math.max(1, Math.min(start1 + 1, parentCount));
}
