import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { blamedVersions, blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { openCommitTable } from '../../main/history/openCommitTable';
import { learnChanges } from '../../main/services/learnChanges';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { runCli } from '../fixtures/runCli';

// with: git's Bloom filters, or the change sets Strata learned, saying which commits kept each path followed (a rename's older names too)
for (const [seed, with_] of [
  [21, ''],
  [22, ''],
  [23, "git's Bloom filters"],
  [24, 'learned change sets'],
] as const) {
  test(`blame equals git blame --porcelain at every commit (merges changing both sides, evil merges, renames, CRLF; seed ${seed}${with_ ? `; ${with_}` : ''})`, async () => {
    const dir = tmpDir(`blame-parity-${seed}`);
    const { paths } = blameHistory(dir, seed, 70);
    if (with_ === "git's Bloom filters") execFileSync('git', ['-C', dir, 'commit-graph', 'write', '--reachable', '--changed-paths']);
    const home = tmpDir('blame-home');
    if (with_ === 'learned change sets') {
      const r = await openRepository({ dir, home });
      await openCommitTable({ store: r.store, index: r.index, heads: [r.info.head!], shallow: new Set() });
      assert.ok((await learnChanges({ repo: r })).learned > 0);
      r.close();
    }
    const repo = await openRepository({ dir, home });
    const cache = new BlameCache();
    let checked = 0;
    let acrossRenames = 0;
    for (const { rev, path } of blamedVersions(dir, paths)) {
      const want = gitBlame(dir, rev, path);
      const got = await blameFile({ repo, path, rev, cache });
      assert.deepEqual(
        got.map((l) => [l.oid, l.origLine, l.origPath]),
        want.map((l) => [l.oid, l.origLine, l.origPath]),
        `${rev} ${path}`,
      );
      assert.deepEqual(
        got.map((l) => l.line),
        want.map((_, i) => i + 1),
      );
      assert.deepEqual(
        got.map((l) => (l.previous ? [l.previous.oid, l.previous.path] : null)),
        want.map((l) => (l.previous ? [l.previous.oid, l.previous.path] : null)),
        `previous at ${rev} ${path}`,
      );
      if (new Set(got.map((l) => l.origPath)).size > 1) acrossRenames++;
      checked++;
    }
    assert.ok(checked > 60, `${checked} versions`);
    assert.ok(acrossRenames > 0, 'no version had lines from before a rename');
  });
}

test('blame -w equals git blame -w at every commit', async () => {
  const dir = tmpDir('blame-parity-w');
  const { paths } = blameHistory(dir, 23, 50);
  const repo = await openRepository({ dir, home: tmpDir('blame-home') });
  let differs = 0;
  for (const { rev, path } of blamedVersions(dir, paths)) {
    const want = gitBlame(dir, rev, path, ['-w']);
    const got = await blameFile({ repo, path, rev, ignoreWhitespace: true });
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath]),
      want.map((l) => [l.oid, l.origLine, l.origPath]),
      `${rev} ${path}`,
    );
    const plain = gitBlame(dir, rev, path);
    if (plain.some((l, i) => l.oid !== want[i]!.oid)) differs++;
  }
  assert.ok(differs > 0, '-w never changed an answer');
});

test('blame --minimal equals git blame --minimal (long rewrites, where xdiff cuts a search short), beside plain blame in one cache', async () => {
  const dir = tmpDir('blame-parity-minimal');
  commitVersions(dir, 'f.c', editedVersions(5, 40, { startLines: 1000, maxLines: 2500 }));
  const repo = await openRepository({ dir, home: tmpDir('blame-home') });
  const cache = new BlameCache();
  let differs = 0;
  for (let k = 0; k < 40; k += 3) {
    const rev = `HEAD~${k}`;
    const rows = (lines: readonly { oid: string; origLine: number }[]) => lines.map((l) => `${l.oid} ${l.origLine}`);
    const want = gitBlame(dir, rev, 'f.c', ['--minimal']);
    const plain = gitBlame(dir, rev, 'f.c');
    assert.deepEqual(rows(await blameFile({ repo, path: 'f.c', rev, cache })), rows(plain), `${rev}`);
    assert.deepEqual(rows(await blameFile({ repo, path: 'f.c', rev, cache, minimal: true })), rows(want), `--minimal ${rev}`);
    if (rows(plain).join() !== rows(want).join()) differs++;
  }
  assert.ok(differs > 3, `--minimal changed ${differs} answers`);
  repo.close();
  process.env.STRATA_HOME = tmpDir('blame-minimal-cli-home');
  const cli = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--minimal', '--porcelain']);
  assert.equal(cli.code, 0, cli.err);
  assert.equal(cli.out, gitOut(dir, ['blame', '--minimal', '--porcelain', 'HEAD', '--', 'f.c']));
});

/** git diff -U0's hunks of the file from the parent to the commit: @@ -s1,c1 +s2,c2 @@. */
function hunks(dir: string, parent: string, oid: string, before: string, after: string) {
  const out = gitOut(dir, ['diff', '-U0', '--no-color', '-M', parent, oid, '--', before, after]);
  return [...out.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)].map((m) => ({
    s1: Number(m[1]),
    c1: m[2] === undefined ? 1 : Number(m[2]),
    s2: Number(m[3]),
    c2: m[4] === undefined ? 1 : Number(m[4]),
  }));
}

test("blame before a line's commit lands on the parent's line git diff's hunk puts it at; a root commit's lines have none", async () => {
  const dir = tmpDir('blame-previous');
  const { paths } = blameHistory(dir, 24, 60);
  const repo = await openRepository({ dir, home: tmpDir('blame-home') });
  let checked = 0;
  let roots = 0;
  const once = <T>(memo: Map<string, T>, key: string, make: () => T): T => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key)!;
  };
  const rootMemo = new Map<string, boolean>();
  const countMemo = new Map<string, number>();
  const hunkMemo = new Map<string, ReturnType<typeof hunks>>();
  for (const { rev, path } of blamedVersions(dir, paths).slice(0, 6)) {
    for (const l of await blameFile({ repo, path, rev })) {
      if (!l.previous) {
        if (once(rootMemo, l.oid, () => gitOut(dir, ['rev-list', '--parents', '-n1', l.oid]).trim().split(' ').length === 1)) roots++;
        continue;
      }
      const p = l.previous;
      const parentLines = once(countMemo, `${p.oid}:${p.path}`, () => gitOut(dir, ['show', `${p.oid}:${p.path}`]).split('\n').length - 1);
      const h = once(hunkMemo, `${p.oid}:${l.oid}:${l.origPath}`, () => hunks(dir, p.oid, l.oid, p.path, l.origPath)).find(
        (x) => l.origLine >= x.s2 && l.origLine < x.s2 + x.c2,
      );
      assert.ok(h, `line ${l.origLine} of ${l.oid} is in no hunk`);
      const want = h.c1 > 0 ? h.s1 + Math.min(l.origLine - h.s2, h.c1 - 1) : Math.max(1, Math.min(h.s1 + 1, parentLines));
      assert.equal(l.previous.line, want, `${l.oid} line ${l.origLine}`);
      checked++;
    }
  }
  assert.ok(checked > 100 && roots > 0, `${checked} lines checked, ${roots} from a root commit`);
});

test('a first blame remembers its lines at the versions where the file changed, not at each commit it passed them through unchanged', async () => {
  // lib/a.c changes in 4 of 304 commits; lib/other.txt in the rest, so the top-level tree says nothing about a.c
  const dir = tmpDir('blame-memo');
  execFileSync('git', ['init', '-q', dir]);
  let stream = '';
  let mark = 0;
  const file = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const aVersions = [0, 1, 2, 3].map((v) => Array.from({ length: 40 }, (_, i) => `line ${i}${i % 4 === v ? ` v${v}` : ''}\n`).join(''));
  for (let c = 0; c < 304; c++) {
    const touchA = c % 76 === 0;
    stream += `commit refs/heads/main\nmark :${++mark}\ncommitter C <c@example.com> ${1_600_000_000 + c * 60} +0000\n${file(`commit ${c}`)}`;
    if (mark > 1) stream += `from :${mark - 1}\n`;
    stream += touchA ? `M 100644 inline lib/a.c\n${file(aVersions[c / 76]!)}` : `M 100644 inline lib/other.txt\n${file(`other ${c}\n`)}`;
  }
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: stream });
  execFileSync('git', ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  const repo = await openRepository({ dir, home: tmpDir('blame-memo-home') });
  const cache = new BlameCache();
  const got = await blameFile({ repo, path: 'lib/a.c', cache });
  assert.deepEqual(
    got.map((l) => [l.oid, l.origLine]),
    gitBlame(dir, 'HEAD', 'lib/a.c').map((l) => [l.oid, l.origLine]),
  );
  assert.ok(cache.resolved.size <= 8, `${cache.resolved.size} versions remembered for a file with 4`);
  // and the version before is still answered from what was remembered, equal to git
  const before = gitOut(dir, ['log', '-n2', '--format=%H', '--', 'lib/a.c']).split('\n')[1]!;
  const made = cache.diffsMade;
  const again = await blameFile({ repo, path: 'lib/a.c', rev: before, cache });
  assert.deepEqual(
    again.map((l) => [l.oid, l.origLine]),
    gitBlame(dir, before, 'lib/a.c').map((l) => [l.oid, l.origLine]),
  );
  assert.equal(cache.diffsMade, made, 'the version before made new diffs');
  repo.close();
});
