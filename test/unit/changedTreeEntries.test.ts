import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { changedTreeEntries } from '../../main/objects/changedTreeEntries';

test('changed tree entries equal git diff-tree at the top level, for every commit', async () => {
  const root = tmpDir('tree-diff');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 13, commits: 200, renamedFrom: 'mm/hmm_core.c', bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq']);
  const store = new PackObjectStore(repo.dir);
  const lines = gitOut(repo.dir, ['log', '--format=%H %T %P']).trim().split('\n');
  for (const line of lines) {
    const [oid, tree, parent] = line.split(' ');
    if (!parent) continue;
    const parentTree = gitOut(repo.dir, ['rev-parse', `${parent}^{tree}`]).trim();
    const ours = changedTreeEntries((await store.readObject(tree!)).data, (await store.readObject(parentTree)).data)
      .map((e) => e.name)
      .sort();
    const git = gitOut(repo.dir, ['diff-tree', '--name-only', parent, oid!]).trim().split('\n').filter(Boolean).sort();
    assert.deepEqual(ours, git, oid);
  }
});
