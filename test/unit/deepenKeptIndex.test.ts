import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';

/**
 * A repository handle keeps the commit index it loaded (a kernel's takes 10-20 ms to load on every call); a
 * deepened clone's must not be taken as it was: the commits behind the old boundary are read in, and the
 * timeline opened on the same handle goes on to them, as git log does.
 */
test('a timeline opened again on the same handle after the clone was deepened goes on past the old boundary', async () => {
  const base = tmpDir('deepen-kept');
  const src = path.join(base, 'src');
  execFileSync('git', ['init', '-q', '-b', 'main', src]);
  for (let i = 0; i < 20; i++) {
    fs.writeFileSync(path.join(src, 'f.c'), `version ${i}\n`);
    execFileSync('git', ['-C', src, 'add', 'f.c']);
    execFileSync('git', ['-C', src, '-c', 'user.name=A', '-c', 'user.email=a@x', 'commit', '-qm', `c${i}`]);
  }
  const clone = path.join(base, 'clone');
  execFileSync('git', ['clone', '-q', '--depth', '5', `file://${src}`, clone]);
  const pool = new RepositoryPool({ home: path.join(base, 'home') });
  try {
    const first = await indexFileHistory({ repo: await pool.open(clone), path: 'f.c' });
    assert.deepEqual(
      first.entries.map((e) => e.oid),
      gitLogOids(clone, 'f.c'),
    );
    assert.equal(first.entries.length, 5);
    execFileSync('git', ['-C', clone, 'fetch', '-q', '--deepen', '10']);
    const again = await indexFileHistory({ repo: await pool.open(clone), path: 'f.c' });
    assert.deepEqual(
      again.entries.map((e) => e.oid),
      gitLogOids(clone, 'f.c'),
    );
    assert.equal(again.entries.length, 15);
  } finally {
    pool.closeAll();
  }
});
