import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { RepositoryPool } from '../../main/repository/repositoryPool';

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], { encoding: 'utf8' }).trim();

/** Reads of packed-refs while `run` runs (the file's bytes read through fs.readFileSync, as the ref readers read it). */
async function packedReads(run: () => Promise<void>): Promise<number> {
  const original = fs.readFileSync;
  let reads = 0;
  fs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof file === 'string' && path.basename(file) === 'packed-refs') reads++;
    return (original as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  try {
    await run();
  } finally {
    fs.readFileSync = original;
  }
  return reads;
}

// Every request opens its repository from the pool, which reads the refs again. Parsing packed-refs each time cost
// 30–100 ms a request on a repository with many tags (vim's 19,877: 2 MB), on the web host's main thread.
test('packed refs are read once per version of the file: a request reads none, a git pack-refs or a fetch is seen', async () => {
  const dir = tmpDir('packed-refs-kept');
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'a.c'), 'int a;\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'one');
  for (let i = 0; i < 300; i++) git(dir, 'tag', `v0.${i}`);
  git(dir, 'pack-refs', '--all');
  const pool = new RepositoryPool({ home: tmpDir('packed-refs-home') });
  try {
    const first = await pool.open(dir);
    assert.equal(first.refs.listTags().length, 300);
    const again = await packedReads(async () => {
      for (let i = 0; i < 20; i++) {
        const repo = await pool.open(dir);
        assert.equal(repo.info.head, git(dir, 'rev-parse', 'HEAD'));
        assert.equal(repo.refs.listTags().length, 300);
      }
    });
    assert.equal(again, 0, `packed-refs read ${again} times by 20 requests, the file unchanged`);

    // a new commit and tag, packed: git writes a new file over the old one
    fs.writeFileSync(path.join(dir, 'a.c'), 'int a;\nint b;\n');
    git(dir, 'commit', '-qam', 'two');
    git(dir, 'tag', 'v1.0');
    git(dir, 'update-ref', '-d', 'refs/heads/side');
    git(dir, 'pack-refs', '--all');
    const repo = await pool.open(dir);
    assert.equal(repo.info.head, git(dir, 'rev-parse', 'HEAD'));
    assert.equal(repo.refs.resolveName('v1.0'), git(dir, 'rev-parse', 'HEAD'));
    assert.equal(repo.refs.listTags().length, 301);

    // a replacement packed (git replace, then pack-refs) is seen too
    const one = git(dir, 'rev-parse', 'HEAD~1');
    const other = git(dir, 'commit-tree', '-m', 'replacement', git(dir, 'rev-parse', 'HEAD~1^{tree}'));
    git(dir, 'replace', one, other);
    git(dir, 'pack-refs', '--all');
    const replaced = await pool.open(dir);
    assert.equal(replaced.store.replacements?.().get(one), other);
  } finally {
    pool.closeAll();
  }
});
