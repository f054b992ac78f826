import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommitTable } from '../../main/objects/commitTable';
import { firstContainingTag } from '../../main/history/firstContainingTag';

/**
 * A commit table written as text: "c b" is commit c with parent b, "m a s" a merge; a parent never listed
 * itself is known only as a parent (behind a shallow boundary). Ids are the names padded to 40 characters with '_'.
 */
function tableOf(spec: string): CommitTable & { id(name: string): string } {
  const id = (name: string) => name.padEnd(40, '_');
  const names: string[] = [];
  const positions = new Map<string, number>();
  const parents: string[][] = [];
  const listed = new Set<string>();
  const place = (n: string) => {
    if (!positions.has(n)) {
      positions.set(n, names.length);
      names.push(n);
      parents.push([]);
    }
    return positions.get(n)!;
  };
  for (const line of spec.trim().split('\n')) {
    const [name, ...ps] = line.trim().split(/\s+/);
    listed.add(name!);
    parents[place(name!)] = ps;
    ps.forEach(place);
  }
  return {
    id,
    count: names.length,
    positionOf: (oid) => positions.get(oid.replace(/_+$/, '')) ?? -1,
    oidAt: (pos) => id(names[pos]!),
    treeAt: () => '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    timeAt: (pos) => pos,
    parentsAt: (pos) => parents[pos]!.map((p) => positions.get(p)!),
    knownAt: (pos) => listed.has(names[pos]!),
  };
}

interface Case {
  readonly name: string;
  readonly graph: string;
  readonly tags: Record<string, string>;
  readonly wanted: string;
  readonly shallow?: string;
  readonly expected: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'linear history: each commit goes to the first tag at or after it',
    graph: 'a\nb a\nc b\nd c',
    tags: { 'v1.0': 'b', 'v2.0': 'd' },
    wanted: 'a b c d',
    expected: { a: 'v1.0', b: 'v1.0', c: 'v2.0', d: 'v2.0' },
  },
  {
    name: 'tags are taken in version order, not by name or by where they are listed',
    graph: 'a\nb a\nc b\nd c\ne d',
    tags: { 'v5.10': 'e', 'v5.9': 'd', 'v5.0': 'c', 'v5.0-rc1': 'b' },
    wanted: 'a b c d e',
    expected: { a: 'v5.0-rc1', b: 'v5.0-rc1', c: 'v5.0', d: 'v5.9', e: 'v5.10' },
  },
  {
    name: 'a merged side branch: its commits belong to the first tag that reaches the merge, or an earlier one on the side',
    graph: 'a\nb a\ns1 a\ns2 s1\nm b s2\nn m',
    tags: { v1: 's1', v2: 'n' },
    wanted: 'a b s1 s2 m n',
    expected: { a: 'v1', s1: 'v1', b: 'v2', s2: 'v2', m: 'v2', n: 'v2' },
  },
  {
    name: 'a commit no tag contains has no release; a tag the table lacks reaches nothing',
    graph: 'a\nb a\nc b',
    tags: { v1: 'a', v0: 'zzz' },
    wanted: 'a b c',
    expected: { a: 'v1' },
  },
  {
    name: 'a later release on a stable branch does not take commits an earlier mainline release has',
    graph: 'a\nb a\nst1 b\nst2 st1\nc b',
    tags: { 'v4.19': 'b', 'v4.19.1': 'st2', 'v4.20': 'c' },
    wanted: 'a b st1 st2 c',
    expected: { a: 'v4.19', b: 'v4.19', st1: 'v4.19.1', st2: 'v4.19.1', c: 'v4.20' },
  },
  {
    name: 'a shallow clone: the walk stops at the boundary, what lies behind it is not reached',
    graph: 'c b\nd c\ne d',
    shallow: 'c',
    tags: { v1: 'd', v2: 'e' },
    wanted: 'b c d e',
    expected: { c: 'v1', d: 'v1', e: 'v2' },
  },
  {
    name: 'a release another contains comes first, whatever its version: a scheme that changed (lz4: r131, then v1.7.3)',
    graph: 'a\nb a\nc b\nd c\ne d',
    tags: { r2: 'a', r130: 'b', r131: 'c', 'v1.7.3': 'd', 'v1.8.0': 'e' },
    wanted: 'a b c d e',
    expected: { a: 'r2', b: 'r130', c: 'r131', d: 'v1.7.3', e: 'v1.8.0' },
  },
  {
    name: "decimal versions (zlib's v0.71, v0.79, then v0.8, v0.9) and a merged side branch's own release",
    graph: 'a\nb a\nc b\nd c\ns1 a\nm d s1\ne m',
    tags: { 'v0.71': 'a', 'v0.79': 'b', 'v0.8': 'c', 'v0.9': 'e', 'v0.95': 's1' },
    wanted: 'a b c d s1 m e',
    expected: { a: 'v0.71', b: 'v0.79', c: 'v0.8', d: 'v0.9', s1: 'v0.95', m: 'v0.9', e: 'v0.9' },
  },
  {
    name: 'tags that name no version never come first (a date, a branch point): they take what no release has',
    graph: 'a\nb a\nc b\nd c',
    tags: { 'twitter-20100804': 'a', 'before-merge': 'b', 'v1.0': 'c' },
    wanted: 'a b c d',
    expected: { a: 'v1.0', b: 'v1.0', c: 'v1.0' },
  },
  {
    name: 'nothing wanted, nothing found',
    graph: 'a\nb a',
    tags: { v1: 'b' },
    wanted: '',
    expected: {},
  },
];

for (const c of cases) {
  test(`firstContainingTag: ${c.name}`, async () => {
    const table = tableOf(c.graph);
    const names = c.wanted.split(' ').filter(Boolean);
    const found = await firstContainingTag({
      table,
      tags: Object.entries(c.tags).map(([name, commit]) => ({ name, commit: table.id(commit) })),
      wanted: new Set(names.map(table.id)),
      ...(c.shallow ? { shallow: new Set(c.shallow.split(' ').map((n) => table.positionOf(table.id(n)))) } : {}),
    });
    const byName = Object.fromEntries(Object.entries(found).map(([oid, tag]) => [oid.replace(/_+$/, ''), tag]));
    assert.deepEqual(byName, c.expected);
  });
}

test('firstContainingTag stops when cancelled (what was found so far is returned)', async () => {
  // a line of 250,000 commits named k1 … k250000 (k1 the root); the cancel is seen at the first turn, 100,000 commits in
  const lines = ['k1'];
  for (let i = 2; i <= 250_000; i++) lines.push(`k${i} k${i - 1}`);
  const table = tableOf(lines.join('\n'));
  const controller = new AbortController();
  const pending = firstContainingTag({
    table,
    tags: [
      { name: 'v1', commit: table.id('k250000') },
      { name: 'v2', commit: table.id('k250000') },
    ],
    wanted: new Set([table.id('k1'), table.id('k250000')]),
    signal: controller.signal,
  });
  controller.abort();
  assert.deepEqual(
    await pending,
    { [table.id('k250000')]: 'v1' },
    'the tip was found before the cancel; the root, 250,000 commits down, was not',
  );
});
