import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { gitNumstat } from '../fixtures/gitOracle';
import { withRepository } from '../../main/repository/repository';
import { countPairs, type CountPair } from '../../main/services/countPipeline';
import type { LineCounts } from '../../main/diff/countLineChanges';

const FILE = 'lib/f.c';

function repoWithVersions(name: string, count: number): { dir: string; pairs: (CountPair & { oid: string })[] } {
  const dir = path.join(tmpDir(name), 'repo');
  commitVersions(dir, FILE, editedVersions(17, count, { startLines: 150, maxLines: 600 }));
  // newest first, as the timeline counts them: each commit's blob and its parent's
  const raw = execFileSync('git', ['-C', dir, 'log', '--raw', '--no-abbrev', '--format=@%H', '--', FILE], { encoding: 'utf8' });
  const pairs = raw
    .split('@')
    .filter(Boolean)
    .map((b) => {
      const f = (b.split('\n').find((l) => l.startsWith(':')) ?? '').split(' ');
      const key = (mode: string, oid: string) => (/^0+$/.test(oid) ? null : `${mode} ${oid}`);
      return { oid: b.slice(0, 40), before: key(f[0]!.slice(1), f[2]!), after: key(f[1]!, f[3]!) };
    });
  return { dir, pairs };
}

test('the timeline counts on two cores equal git log --numstat, both threads taking part; one thread alone gives the same', async () => {
  const { dir, pairs } = repoWithVersions('count-pipeline', 320);
  const want = gitNumstat(dir, FILE);
  await withRepository({ dir, home: path.join(dir, '..', 'home') }, async (repo) => {
    for (const twoThreads of [true, false]) {
      const got = new Map<number, LineCounts>();
      const { byWorker } = await countPairs({
        store: repo.store,
        pairs,
        algorithm: 'myers',
        twoThreads,
        workerFirst: true,
        onCounted: (i, c) => {
          assert.ok(!got.has(i), `pair ${i} counted once`);
          got.set(i, c);
        },
      });
      assert.equal(got.size, pairs.length);
      if (twoThreads) assert.ok(byWorker > 0 && byWorker < pairs.length, `both threads counted (worker: ${byWorker})`);
      else assert.equal(byWorker, 0);
      for (const [i, p] of pairs.entries()) {
        const w = want.get(p.oid)!;
        assert.deepEqual(got.get(i), { additions: w.additions, deletions: w.deletions }, `${p.oid} (two threads: ${twoThreads})`);
      }
    }
  });
});

test('a version the repository lacks (a partial clone) is counted as unknown and said, by either thread; a cancelled count stops', async () => {
  const { dir, pairs } = repoWithVersions('count-pipeline-missing', 240);
  const missing = `100644 ${'1'.repeat(40)}`;
  for (const at of [pairs.length - 3, 2]) {
    const broken = pairs.map((p, i) => (i === at ? { ...p, after: missing } : p));
    await withRepository({ dir, home: path.join(dir, '..', 'home') }, async (repo) => {
      const absent: number[] = [];
      const counts = new Map<number, unknown>();
      await countPairs({
        store: repo.store,
        pairs: broken,
        algorithm: 'myers',
        twoThreads: true,
        workerFirst: true,
        onCounted: (i, c) => counts.set(i, c),
        onAbsent: (i) => absent.push(i),
      });
      assert.deepEqual(absent, [at]);
      assert.equal(counts.size, pairs.length);
      assert.deepEqual(counts.get(at), { additions: null, deletions: null });
    });
  }
  await withRepository({ dir, home: path.join(dir, '..', 'home') }, async (repo) => {
    const controller = new AbortController();
    let seen = 0;
    await countPairs({
      store: repo.store,
      pairs,
      algorithm: 'myers',
      twoThreads: false,
      signal: controller.signal,
      onCounted: () => {
        if (++seen === 10) controller.abort();
      },
    });
    assert.equal(seen, 10);
  });
});
