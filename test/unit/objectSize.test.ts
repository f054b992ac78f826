import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';

test("an object's size without reading it equals git cat-file -s, for every object: whole, deltified, loose", () => {
  const root = tmpDir('object-size');
  const { dir } = generateRepo({ dir: path.join(root, 'repo'), seed: 5, commits: 150 });
  const git = (args: string[], input = '') => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  // deep delta chains against bases by offset
  git(['repack', '-adfq', '--depth=50', '--window=50']);
  // and a loose object beside the pack
  git(['hash-object', '-w', '--stdin'], 'a loose object\n');
  const store = new PackObjectStore(path.join(dir, '.git'));
  try {
    const listed = git(['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objectsize) %(deltabase)'])
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    assert.ok(listed.filter(([, , base]) => base !== '0'.repeat(40)).length > 100, 'deltified objects among them');
    for (const [oid, size] of listed) assert.equal(store.objectSize(oid!), Number(size), oid);
    assert.equal(store.objectSize('0123456789abcdef0123456789abcdef01234567'), null);
  } finally {
    store.close();
  }
});
