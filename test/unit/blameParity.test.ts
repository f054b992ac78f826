import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';

/** Each commit of the history and the file's path there (the file moves twice). */
function versions(dir: string, paths: string[]): { rev: string; path: string }[] {
  const out: { rev: string; path: string }[] = [];
  for (const rev of gitOut(dir, ['rev-list', '--all']).split('\n').filter(Boolean)) {
    const files = new Set(gitOut(dir, ['ls-tree', '-r', '--name-only', rev]).split('\n'));
    for (const p of paths) if (files.has(p)) out.push({ rev, path: p });
  }
  return out;
}

for (const seed of [21, 22]) {
  test(`blame equals git blame --porcelain at every commit (merges changing both sides, evil merges, renames, CRLF; seed ${seed})`, async () => {
    const dir = tmpDir(`blame-parity-${seed}`);
    const { paths } = blameHistory(dir, seed, 70);
    const repo = await openRepository({ dir, home: tmpDir('blame-home') });
    const cache = new BlameCache();
    let checked = 0;
    let acrossRenames = 0;
    for (const { rev, path } of versions(dir, paths)) {
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
  for (const { rev, path } of versions(dir, paths)) {
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
