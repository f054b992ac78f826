import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { changedFunctions } from '../../main/services/changedFunctions';
import { functionsChanged } from '../../main/analysis/functionsChanged';
import { writeReport } from '../../main/services/writeReport';

test('changed functions read each version once, not both trees per commit, and match the versions git shows', async () => {
  const root = tmpDir('functions-reads');
  const dir = path.join(root, 'repo');
  const file = 'mm/deep/er/f.c';
  const count = 150;
  commitVersions(dir, file, editedVersions(21, count, { startLines: 80, maxLines: 600, crlf: false }));
  await withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const timeline = await indexFileHistory({ repo, path: file, follow: false });
    const logged = execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', file], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      logged,
    );
    let reads = 0;
    const read = repo.store.readObject.bind(repo.store);
    repo.store.readObject = (oid) => {
      reads++;
      return read(oid);
    };
    const partials: Record<string, string[]>[] = [];
    const sets = await changedFunctions({ repo, path: file, follow: false, partialMs: 0, onPartial: (p) => partials.push(p) });
    // re-reading commit, four trees and the blob on both sides costs ~12 reads a commit
    assert.ok(reads <= logged.length * 1.2, `${reads} object reads for ${logged.length} commits`);
    // each partial answer is the commits done since the last, newest first, as the answer has them
    assert.deepEqual(
      partials.flatMap((p) => Object.keys(p)),
      logged.slice(0, -1),
      'every commit but the last arrives before the end, in order, once',
    );
    for (const p of partials) for (const [oid, names] of Object.entries(p)) assert.deepEqual(names, sets[oid]);
    const show = (rev: string) => execFileSync('git', ['-C', dir, 'show', `${rev}:${file}`], { encoding: 'utf8' });
    for (const [i, e] of timeline.entries.entries()) {
      if (i % 10 !== 0) continue;
      const before = e.parents[0] ? show(e.parents[0]) : '';
      assert.deepEqual(sets[e.oid], functionsChanged(before, show(e.oid)), `commit ${i}`);
    }
  });
});

test('a report reads each version once, and its diffs are the ones git prints', async () => {
  const root = tmpDir('report-reads');
  const dir = path.join(root, 'repo');
  const file = 'mm/deep/er/f.c';
  commitVersions(dir, file, editedVersions(22, 120, { startLines: 80, maxLines: 600, crlf: false }));
  await withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const timeline = await indexFileHistory({ repo, path: file, follow: false });
    let reads = 0;
    const read = repo.store.readObject.bind(repo.store);
    repo.store.readObject = (oid) => {
      reads++;
      return read(oid);
    };
    const phases = new Set<string>();
    const report = await writeReport({ repo, path: file, follow: false, format: 'json', onProgress: (p) => phases.add(p.phase) });
    const n = timeline.entries.length;
    // the diff method per commit re-read commit, trees and blob on both sides (~12 reads); the ledger one commit per entry
    assert.ok(reads <= n * 2.2, `${reads} object reads for ${n} commits`);
    assert.ok(phases.has('Writing report'));
    const json = JSON.parse(report.content) as { commits: { oid: string; diff: string }[] };
    assert.equal(json.commits.length, n);
    const counts = new Map(timeline.entries.map((e) => [e.oid, [e.additions, e.deletions]]));
    for (const c of json.commits) {
      const lines = c.diff.split('\n');
      const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
      const deleted = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
      assert.deepEqual([added, deleted], counts.get(c.oid), `${c.oid}: the diff's lines against git's numstat`);
    }
  });
});

test("a first open reads each commit once: the list is described from the bytes the commit index read, and equals git's", async () => {
  const root = tmpDir('first-open-reads');
  const dir = path.join(root, 'repo');
  const file = 'src/f.c';
  // fast-import's pack: the commit index reads every commit by id (not in pack order)
  commitVersions(dir, file, editedVersions(23, 200, { startLines: 40, maxLines: 300, crlf: false }));
  await withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const logged = execFileSync('git', ['-C', dir, 'log', '--format=%H%x00%an%x00%ae%x00%aI%x00%s', '--', file], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.split('\0'));
    const reads = new Map<string, number>();
    const store = repo.store;
    const readSync = store.readObjectSync!.bind(store);
    store.readObjectSync = (oid) => {
      const o = readSync(oid);
      if (o.type === 'commit') reads.set(oid, (reads.get(oid) ?? 0) + 1);
      return o;
    };
    const timeline = await indexFileHistory({ repo, path: file, follow: false, onPartial: () => undefined });
    assert.deepEqual(
      timeline.entries.map((e) => [e.oid, e.author.name, e.author.email, e.author.date, e.subject]),
      logged,
    );
    // the head is also read to resolve it, and for its .mailmap, before the commit index
    const head = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const twice = [...reads].filter(([oid, n]) => n > (oid === head ? 2 : 1));
    const commits = Number(execFileSync('git', ['-C', dir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }));
    assert.equal(reads.size, commits, 'every commit read by id once, to index it');
    assert.deepEqual(twice, [], 'no commit read again to describe it');
  });
});
