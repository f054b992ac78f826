import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { smallRepo, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { StrataError } from '../../shared/errors';
import { DEFAULT_COPY_SCORE } from '../../shared/blame';

test('blame -C -C -C hears a cancel sent while it diffs the files of one commit (as a cancel message arrives: on a turn of the event loop)', async () => {
  const { dir, git, write } = smallRepo('blame-cancel-copies');
  const files = 400;
  fs.mkdirSync(path.join(dir, 'lib'));
  for (let i = 0; i < files; i++)
    write(`lib/f${i}.c`, Array.from({ length: 30 }, (_, j) => `int lib_${i}_${j} = ${i * j};`).join('\n') + '\n');
  git('add', '.');
  git('commit', '-qm', 'the library');
  write('new.c', Array.from({ length: 200 }, (_, j) => `long fresh_${j} = ${j};`).join('\n') + '\n');
  git('add', 'new.c');
  git('commit', '-qm', 'a new file');
  const libBlobs = new Set(
    git('ls-tree', '-r', 'HEAD~1', 'lib')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[2]!),
  );
  assert.equal(libBlobs.size, files);

  const repo = await openRepository({ dir, home: tmpDir('blame-cancel-copies-home') });
  const cancel = new AbortController();
  let libReads = 0;
  let readsAtCancel = -1;
  const read = repo.store.readObject.bind(repo.store);
  repo.store.readObject = (oid) => {
    // the 20th of the library's files diffed: a cancel is sent, as the job runner's message sends it
    if (libBlobs.has(oid) && ++libReads === 20) setImmediate(() => ((readsAtCancel = libReads), cancel.abort()));
    // each file after it read as from a slow disk (2 ms): the turns blame gives the event loop are timed (every
    // 40 ms), and 380 small files read from the page cache could all be diffed before the first was due
    if (libBlobs.has(oid) && libReads > 20) for (const until = Date.now() + 2; Date.now() < until;);
    return read(oid);
  };
  try {
    await assert.rejects(
      blameFile({ repo, path: 'new.c', cache: new BlameCache(), copies: { level: 3, score: DEFAULT_COPY_SCORE }, signal: cancel.signal }),
      (err) => err instanceof StrataError && err.code === 'Cancelled',
    );
    assert.ok(readsAtCancel > 0, 'the cancel was sent');
    assert.ok(libReads < files, `it stopped soon after the cancel: ${libReads} of ${files} files read (${readsAtCancel} when it was sent)`);
  } finally {
    repo.close();
  }
});
