import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { commitVersions } from '../fixtures/editedVersions';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';

// A blame lets go of each version once no suspect names it: holding every version read, a file with 20,000
// versions (vim's src/version.c) took 1.8 GB.
test('a first blame through 400 versions holds a few of them at a time, and equals git blame', async () => {
  const dir = tmpDir('blame-held-linear');
  // as vim's src/version.c grows: each version adds a line somewhere (every version's line lives on to HEAD)
  const lines = Array.from({ length: 50 }, (_, i) => `static int base_${i};`);
  const versions: string[] = [];
  for (let v = 0; v < 400; v++) {
    lines.splice((v * 37) % (lines.length + 1), 0, `\t${v},`);
    versions.push(lines.join('\n') + '\n');
  }
  commitVersions(dir, 'src/long.c', versions);
  const repo = await openRepository({ dir, home: tmpDir('blame-held-home') });
  try {
    const cache = new BlameCache();
    const got = await blameFile({ repo, path: 'src/long.c', cache });
    const want = gitBlame(dir, 'HEAD', 'src/long.c');
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine]),
      want.map((l) => [l.oid, l.origLine]),
    );
    assert.ok(cache.diffsMade >= 399, `${cache.diffsMade} versions diffed`);
    assert.ok(cache.versionsHeld <= 3, `${cache.versionsHeld} versions held at once`);
  } finally {
    repo.close();
  }
});

test('through merges whose sides both change the file, a blame holds the versions of the suspects open, not every version', async () => {
  const dir = tmpDir('blame-held-merges');
  const { paths } = blameHistory(dir, 21, 70);
  const path = paths[paths.length - 1]!;
  const versions = Number(execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', path], { encoding: 'utf8' }).split('\n').length - 1);
  const repo = await openRepository({ dir, home: tmpDir('blame-held-home') });
  try {
    const cache = new BlameCache();
    const got = await blameFile({ repo, path, cache });
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine]),
      gitBlame(dir, 'HEAD', path).map((l) => [l.oid, l.origLine]),
    );
    assert.ok(versions > 40, `${versions} versions`);
    assert.ok(cache.versionsHeld <= 8, `${cache.versionsHeld} of ${versions} versions held at once`);
  } finally {
    repo.close();
  }
});
