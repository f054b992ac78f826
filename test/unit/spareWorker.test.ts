import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generateRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { JobRunner } from '../../main/api/jobRunner';
import type { Timeline } from '../../shared/model';

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  for (const end = performance.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 20)))
    if (performance.now() > end) assert.fail(`waited ${ms} ms for: ${what}`);
}

/** Files of the repository this process holds open (the workers are threads of it: their packs count). */
function openFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const target = fs.readlinkSync(path.join('/proc/self/fd', fd));
      if (target.startsWith(dir + path.sep)) out.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

test(
  'a worker idle past the wait, or when everybody left, closes its repositories but stays for the next job: no thread to start then',
  { skip: fs.existsSync('/proc/self/fd') ? false : 'needs /proc (Linux) to see which files are open' },
  async () => {
    const root = tmpDir('spare-worker');
    const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 5, commits: 60 }).dir;
    const jobs = new JobRunner(path.join(root, 'home'), { idleWorkerMs: 200 });
    const key = { dir: repo, path: 'mm/hmm.c', follow: false };
    try {
      // the worker started at once is the spare until the first job takes it
      await until('the warm worker waits', () => jobs.spare);
      const first = (await jobs.run('indexFile', key, {})) as Timeline;
      assert.deepEqual(
        first.entries.map((e) => e.oid),
        gitLogOids(repo, 'mm/hmm.c'),
      );
      await until('the learning that follows a first index ended', () => jobs.running + jobs.queued === 0);
      assert.ok(openFilesIn(repo).length > 0, 'the kept worker holds the repository open');
      await until('idle past the wait: the spare, its repository closed', () => jobs.spare && openFilesIn(repo).length === 0);
      assert.equal(jobs.workers, 0);

      const again = (await jobs.run('changedFunctions', key, {})) as Record<string, string[]>;
      assert.equal(Object.keys(again).length, first.entries.length);
      assert.equal(jobs.stats.workersStarted, 1, 'every job in the one thread');

      // everybody left (the web host's last page closed, a window reloaded): the same
      await until('kept after its job', () => jobs.workers === 1 && jobs.running === 0);
      jobs.releaseCaches();
      await until('released: the spare, the repository closed', () => jobs.spare && jobs.workers === 0 && openFilesIn(repo).length === 0);
      await jobs.run('exportLedger', key, {});
      assert.equal(jobs.stats.workersStarted, 1, 'after a release too');
    } finally {
      await jobs.cancelAll();
    }
    assert.equal(jobs.spare, false, 'closing ends the spare too');
    assert.deepEqual(openFilesIn(repo), []);
  },
);
