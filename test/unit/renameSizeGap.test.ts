import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { gitBlame } from '../fixtures/blameHistory';
import { openRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { sizesCanMatch } from '../../main/history/similarity';

test("git's size pre-check of a rename compares the size gap with the larger file (diffcore-rename's max_size)", () => {
  // found on liburing: src/io_uring.c (5,142 bytes) split up, renamed to src/queue.c (2,883 bytes), git's R051
  assert.equal(sizesCanMatch(5142, 2883), true);
  assert.equal(sizesCanMatch(2883, 5142), true);
  assert.equal(sizesCanMatch(500, 1000), true);
  assert.equal(sizesCanMatch(499, 1000), false);
  assert.equal(sizesCanMatch(100, 1000), false);
});

test('a file renamed while it shrank to just over half its size: --follow and blame follow it as git does', async () => {
  const dir = tmpDir('rename-size-gap');
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'A');
  git('config', 'user.email', 'a@x');
  fs.mkdirSync(path.join(dir, 'src'));
  const line = (i: number) => `\tstatic int helper_${i}(struct ring *r) { return r->value_${i}; }\n`;
  const all = Array.from({ length: 80 }, (_, i) => line(i)).join('');
  fs.writeFileSync(path.join(dir, 'src', 'io.c'), all);
  git('add', '.');
  git('commit', '-q', '-m', 'io: first');
  fs.writeFileSync(path.join(dir, 'src', 'io.c'), all.replace(line(3), '\t/* changed */\n'));
  git('commit', '-q', '-am', 'io: second');
  // the split: 44 of 80 lines stay (55% of the bytes), the rest go to another file
  git('mv', 'src/io.c', 'src/queue.c');
  const kept =
    fs
      .readFileSync(path.join(dir, 'src', 'queue.c'), 'utf8')
      .split('\n')
      .slice(0, 44)
      .join('\n') + '\n';
  fs.writeFileSync(path.join(dir, 'src', 'queue.c'), kept);
  git('add', '.');
  git('commit', '-q', '-m', 'split io.c up');
  fs.appendFileSync(path.join(dir, 'src', 'queue.c'), '/* end */\n');
  git('commit', '-q', '-am', 'queue: after');
  assert.match(
    gitOut(dir, ['log', '-1', '--follow', '--name-status', '--format=', 'HEAD~1', '--', 'src/queue.c']),
    /^R0[5-9]\d\tsrc\/io\.c\tsrc\/queue\.c/,
  );

  const repo = await openRepository({ dir, home: tmpDir('rename-size-gap-home') });
  try {
    const timeline = await indexFileHistory({ repo, path: 'src/queue.c', follow: true });
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(dir, 'src/queue.c', true),
    );
    const got = await blameFile({ repo, path: 'src/queue.c', cache: new BlameCache() });
    const want = gitBlame(dir, 'HEAD', 'src/queue.c');
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath]),
      want.map((l) => [l.oid, l.origLine, l.origPath]),
    );
    assert.ok(got.some((l) => l.origPath === 'src/io.c'));
  } finally {
    repo.close();
  }
});
