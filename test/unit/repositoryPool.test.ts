import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { JobRunner } from '../../main/api/jobRunner';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import type { CommitDetails, FileVersion, VersionDiff } from '../../shared/model';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const openDescriptors = (): number => fs.readdirSync('/proc/self/fd').length;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const commitAll = (dir: string, msg: string): void => {
  execFileSync('git', ['-C', dir, 'add', '-A']);
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', msg]);
};

test(
  '1,000 calls as the app makes them (diff, commit details, file) keep open descriptors and heap flat',
  { skip: !fs.existsSync('/proc/self/fd') },
  async () => {
    const root = tmpDir('pool');
    const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 17, commits: 120 });
    execFileSync('git', ['-C', repo.dir, 'checkout', '-q', '-f', 'master']);
    // several packs, as a repository fetched into a few times has
    fs.appendFileSync(path.join(repo.dir, repo.target), '/* in a second pack */\n');
    commitAll(repo.dir, 'second pack');
    execFileSync('git', ['-C', repo.dir, 'repack', '-q']);
    assert.ok(fs.readdirSync(path.join(repo.dir, '.git', 'objects', 'pack')).filter((n) => n.endsWith('.pack')).length >= 2);
    const log = gitOut(repo.dir, ['log', '--format=%H %P', '--', repo.target])
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const jobs = new JobRunner(path.join(root, 'home'));
    const call = async (i: number): Promise<void> => {
      const [oid, parent] = log[Math.floor(i / 3) % log.length]!;
      if (i % 3 === 0) {
        const d = (await jobs.run('diffVersions', { dir: repo.dir, path: repo.target, from: parent ?? null, to: oid! })) as VersionDiff;
        assert.equal(d.to.path, repo.target);
      } else if (i % 3 === 1) {
        assert.equal(((await jobs.run('commitDetails', { dir: repo.dir, oid: oid! })) as CommitDetails).oid, oid);
      } else {
        assert.equal(((await jobs.run('readFile', { dir: repo.dir, rev: oid!, path: repo.target })) as FileVersion).path, repo.target);
      }
    };

    for (let i = 0; i < 100; i++) await call(i);
    const fdsWarm = openDescriptors();
    const heapWarm = heapAfterGc();
    for (let i = 100; i < 1000; i++) await call(i);
    const fdsAfter = openDescriptors();
    const heapAfter = heapAfterGc();
    assert.ok(fdsAfter <= fdsWarm, `open descriptors ${fdsWarm} after 100 calls, ${fdsAfter} after 1,000`);
    const grownMiB = (heapAfter - heapWarm) / 1024 / 1024;
    assert.ok(grownMiB < 4, `heap grew ${grownMiB.toFixed(1)} MiB over 900 calls`);
    assert.equal(jobs.repositories.size, 1, 'one handle for the one repository');

    // the cached handle follows the repository: a new commit in a new pack, then a gc that repacks everything
    fs.appendFileSync(path.join(repo.dir, repo.target), '/* after the handle was opened */\n');
    commitAll(repo.dir, 'new head');
    execFileSync('git', ['-C', repo.dir, 'repack', '-q']);
    const head = gitOut(repo.dir, ['rev-parse', 'HEAD']).trim();
    assert.equal(((await jobs.run('commitDetails', { dir: repo.dir, oid: 'HEAD' })) as CommitDetails).oid, head, 'HEAD read again');
    const atHead = (await jobs.run('readFile', { dir: repo.dir, rev: 'HEAD', path: repo.target })) as FileVersion;
    assert.match(atHead.text, /after the handle was opened/);
    execFileSync('git', ['-C', repo.dir, 'gc', '-q', '--prune=now']);
    assert.equal(fs.readdirSync(path.join(repo.dir, '.git', 'objects', 'pack')).filter((n) => n.endsWith('.pack')).length, 1);
    for (const [oid] of log) {
      const v = (await jobs.run('readFile', { dir: repo.dir, rev: oid!, path: repo.target })) as FileVersion;
      const blob = spawnSync('git', ['-C', repo.dir, 'rev-parse', '-q', '--verify', `${oid}:${repo.target}`], {
        encoding: 'utf8',
      }).stdout.trim();
      assert.equal(v.oid, blob || null, `${oid} read after the gc`);
    }
    assert.ok(openDescriptors() <= fdsWarm, 'the packs gc removed were closed');
    void jobs.cancelAll();
    assert.ok(openDescriptors() < fdsWarm, 'closing the pool releases the packs');
  },
);

test(
  'the pool keeps at most max repositories open, closing the least recently used',
  { skip: !fs.existsSync('/proc/self/fd') },
  async () => {
    const root = tmpDir('pool-lru');
    const dirs = [1, 2, 3].map((seed) => generateRepo({ dir: path.join(root, `repo${seed}`), seed, commits: 20, bare: true }).dir);
    const pool = new RepositoryPool({ home: path.join(root, 'home'), max: 2 });
    const before = openDescriptors();
    const read = async (dir: string) => {
      const repo = await pool.open(dir);
      await repo.store.readObject(repo.info.head!);
      return repo;
    };
    const first = await read(dirs[0]!);
    assert.equal(await read(dirs[0]!), first, 'the same handle for the same git directory');
    assert.equal(await read(path.join(dirs[0]!, '.')), first, 'however the folder is spelled');
    await read(dirs[1]!);
    await read(dirs[2]!);
    assert.equal(pool.size, 2);
    assert.notEqual(await pool.open(dirs[0]!), first, 'the evicted handle was closed; a new one is opened');
    assert.equal(pool.size, 2);
    pool.closeAll();
    assert.equal(openDescriptors(), before, 'every descriptor released');
  },
);
