import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { repositoryTags } from '../../main/services/repositoryTags';

test('tags peeled to commits as git peels them, kept in the index: the next open reads no tag object', async () => {
  const dir = tmpDir('repository-tags');
  gitOut(dir, ['init', '-q']);
  const commit = (n: number) => {
    fs.writeFileSync(path.join(dir, 'f'), `${n}\n`);
    gitOut(dir, ['add', 'f']);
    gitOut(dir, ['-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-qm', `c${n}`]);
  };
  const tag = (args: string[]) => gitOut(dir, ['-c', 'user.name=T', '-c', 'user.email=t@x', 'tag', ...args]);
  commit(1);
  tag(['-a', '-m', 'annotated', 'v1.0']);
  commit(2);
  tag(['v2.0-light']);
  tag(['-a', '-m', 'tag of a tag', 'v1.0-again', 'v1.0']);
  tag(['-a', '-m', 'a tree', 'tree-tag', 'HEAD^{tree}']);
  gitOut(dir, ['pack-refs', '--all']);
  commit(3);
  tag(['-a', '-m', 'loose', 'v3.0']);
  const want = gitOut(dir, [
    'for-each-ref',
    '--format=%(refname:short) %(*objecttype)%(objecttype) %(*objectname)%(objectname)',
    'refs/tags',
  ])
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .filter(([, type]) => type!.startsWith('commit'))
    .map(([name, , oid]) => [name!, oid!.slice(0, 40)])
    .sort();
  // a tag of a tag peels through both: for-each-ref's * goes one level, so v1.0-again is v1.0's commit
  const v1 = gitOut(dir, ['rev-parse', 'v1.0^{commit}']).trim();
  const expected = [...want.filter(([n]) => n !== 'v1.0-again'), ['v1.0-again', v1]].sort();

  const home = tmpDir('repository-tags-home');
  const first = await openRepository({ dir, home });
  const got = (await repositoryTags(first)).map((t) => [t.name, t.commit]).sort();
  first.close();
  assert.deepEqual(got, expected);

  const again = await openRepository({ dir, home });
  let reads = 0;
  const read = again.store.readObject.bind(again.store);
  again.store.readObject = (oid: string) => {
    reads++;
    return read(oid);
  };
  assert.deepEqual((await repositoryTags(again)).map((t) => [t.name, t.commit]).sort(), expected);
  // the tree tag peels to no commit, so it is not kept: packed-refs says what it peels to, the pack's headers that it is a tree
  assert.equal(reads, 0, 'no object is read again');
  again.close();
});
