import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { countLineChanges } from '../../main/diff/countLineChanges';
import { diffLines, type DiffAlgorithm } from '../../main/diff/diffLines';
import { formatHunks, unifiedDiff } from '../../main/diff/unifiedDiff';

const ALGORITHMS: DiffAlgorithm[] = ['myers', 'minimal', 'patience', 'histogram'];

const repos = new Map<number, string>();

/** Every version pair of a file's history, with what `git log --numstat` and `git log -p` say of it. */
function gitPairs(seed: number, count: number, algorithm: DiffAlgorithm) {
  let dir = repos.get(seed);
  if (!dir) {
    dir = tmpDir(`diff-parity-${seed}`);
    commitVersions(dir, 'f.c', editedVersions(seed, count));
    repos.set(seed, dir);
  }
  const flag = algorithm === 'minimal' ? '--minimal' : `--diff-algorithm=${algorithm}`;
  const run = (args: string[]) => execFileSync('git', ['-C', dir, 'log', '--reverse', flag, ...args, '--', 'f.c'], { maxBuffer: 1 << 30 });
  const numstat = run(['--numstat', '--format=@%H'])
    .toString()
    .split('@')
    .filter(Boolean)
    .map((b) => b.split('\n')[2] ?? '');
  const patches = run(['-p', '--format=@@@@%H'])
    .toString('latin1')
    .split('@@@@')
    .filter(Boolean)
    .map((b) => {
      const i = b.indexOf('\n@@ ');
      return i < 0 ? '' : b.slice(i + 1);
    });
  const versions = editedVersions(seed, count);
  return versions.map((text, i) => ({
    before: i ? Buffer.from(versions[i - 1]!, 'utf8') : null,
    after: Buffer.from(text, 'utf8'),
    numstat: numstat[i]!,
    patch: patches[i]!,
  }));
}

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: numstat and hunks equal git's on every version pair (moves, duplicates, blank runs, CRLF, rewrites)`, () => {
    let pairs = 0;
    let notMinimal = 0;
    for (const seed of [11, 12]) {
      for (const p of gitPairs(seed, 120, algorithm)) {
        if (p.before?.equals(p.after)) continue;
        const c = countLineChanges(p.before, p.after, algorithm);
        assert.equal(`${c.additions}\t${c.deletions}\tf.c`, p.numstat, `numstat of pair ${pairs} (seed ${seed})`);
        assert.equal(formatHunks(diffLines(p.before, p.after, { algorithm })), p.patch, `hunks of pair ${pairs} (seed ${seed})`);
        if (algorithm === 'myers' && c.additions !== countLineChanges(p.before, p.after, 'minimal').additions) notMinimal++;
        pairs++;
      }
    }
    assert.ok(pairs > 200);
    // the pairs where xdiff's discarding or cut-offs make git's diff larger than a minimal one were met
    if (algorithm === 'myers') assert.ok(notMinimal > 0, 'no pair where git is not minimal');
  });
}

test('the fast count equals the count of the full diff, with and without shared ends', () => {
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const vocab = ['', '}', '{', 'a', 'b', 'c', 'd', '\tx;', '\ty;'];
  const text = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(random() * vocab.length)]).join('\n');
  for (let i = 0; i < 400; i++) {
    const shared1 = text(Math.floor(random() * 300));
    const shared2 = text(Math.floor(random() * 300));
    const a = Buffer.from(`${shared1}\n${text(Math.floor(random() * 40))}\n${shared2}${random() < 0.5 ? '\n' : ''}`);
    const b = Buffer.from(`${shared1}\n${text(Math.floor(random() * 40))}\n${shared2}${random() < 0.5 ? '\n' : ''}`);
    for (const algorithm of ['myers', 'minimal'] as const) {
      const full = diffLines(a, b, { algorithm }).changes;
      const want = { additions: full.reduce((s, c) => s + c.count2, 0), deletions: full.reduce((s, c) => s + c.count1, 0) };
      assert.deepEqual(countLineChanges(a, b, algorithm), want);
    }
  }
});

const unifiedCases: [string, string, string, string][] = [
  ['added to an empty file', '', 'a\nb\n', '--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n'],
  ['newline added at the end', 'a\nb', 'a\nb\n', '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n'],
  [
    'one line changed far from the ends',
    'x\n1\n2\n3\n4\n5\n6\n7\n',
    'x\n1\n2\n3\nfour\n5\n6\n7\n',
    '--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@ x\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n 7\n',
  ],
  ['all removed', 'a\n', '', '--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n'],
];
for (const [name, before, after, want] of unifiedCases) {
  test(`unifiedDiff: ${name}`, () => assert.equal(unifiedDiff('f', 'f', before, after), want));
}

test('unifiedDiff keeps UTF-8 text whole', () => {
  assert.equal(unifiedDiff('f', 'f', 'é\n', 'ü\n'), '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-é\n+ü\n');
});
