import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import { indexFileHistory } from '../fixtures/openAndRun';
import { learnChanges } from '../fixtures/openAndRun';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { StrataError } from '../../shared/errors';
import { PackObjectStore } from '../../main/objects/pack/packObjectStore';
import { EntryPipeline } from '../../main/history/entryPipeline';
import { PathEntryLookup } from '../../main/history/pathEntries';
import { lookAheadFrom } from '../../main/history/openCommitTable';
import { openRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';

const commitAll = (dir: string, msg: string, date: string): void => {
  execFileSync('git', ['-C', dir, 'add', '-A']);
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-qm', msg], {
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
};

test('reopening reads the stored index without walking; new commits are walked alone', async () => {
  const root = tmpDir('incremental');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 11, commits: 200 });
  execFileSync('git', ['-C', repo.dir, 'checkout', '-q', '-f', 'master']);
  const home = path.join(root, 'home');
  const first = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  assert.equal(first.stats.source, 'full');
  assert.ok(first.stats.commitsRead > 150);
  const again = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  assert.equal(again.stats.source, 'disk');
  assert.equal(again.stats.commitsRead, 0);
  assert.deepEqual(again.entries, first.entries);

  // five new commits, two of them touching the file, one on a merged side branch
  for (let i = 0; i < 3; i++) {
    fs.appendFileSync(path.join(repo.dir, i === 1 ? 'lib/other.c' : repo.target), `/* more ${i} */\n`);
    commitAll(repo.dir, `change ${i}`, `2030-01-0${i + 1}T10:00:00Z`);
  }
  execFileSync('git', ['-C', repo.dir, 'checkout', '-q', '-b', 'side', 'HEAD~1']);
  fs.appendFileSync(path.join(repo.dir, repo.target), '/* side */\n');
  commitAll(repo.dir, 'side change', '2030-01-05T10:00:00Z');
  execFileSync('git', ['-C', repo.dir, 'checkout', '-q', 'master']);
  execFileSync(
    'git',
    ['-C', repo.dir, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'merge', '-q', '--no-edit', 'side', '-X', 'ours'],
    { env: { ...process.env, GIT_AUTHOR_DATE: '2030-01-06T10:00:00Z', GIT_COMMITTER_DATE: '2030-01-06T10:00:00Z' } },
  );
  const updated = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  assert.equal(updated.stats.source, 'incremental');
  // Strata's commit index takes in every new commit once (3 on master, the side commit, the merge); nothing older is read.
  assert.equal(updated.stats.commitsRead, 5, 'only the five new commits were read from the repository');
  assert.deepEqual(
    updated.entries.map((e) => e.oid),
    gitLogOids(repo.dir, repo.target),
  );

  // a second path in the same repository reuses the commit index
  const second = await indexFileHistory({ dir: repo.dir, path: 'drivers/gpu/drm/notes_crlf.txt', home });
  assert.equal(second.stats.commitsRead, 0, 'the commit index built for the first path serves the second');
  assert.deepEqual(
    second.entries.map((e) => e.oid),
    gitLogOids(repo.dir, 'drivers/gpu/drm/notes_crlf.txt'),
  );
});

test('change sets learned in the background let later files skip commits, and every list still equals git log', async () => {
  const root = tmpDir('learned');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 13, commits: 300, bare: true });
  const home = path.join(root, 'home');
  const first = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  assert.deepEqual(
    first.entries.map((e) => e.oid),
    gitLogOids(repo.dir, repo.target),
  );
  const paths = gitOut(repo.dir, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').filter(Boolean);
  const dirs = [...new Set(paths.map((p) => p.split('/').slice(0, -1).join('/')).filter(Boolean))];
  const probes = [...paths.filter((_, i) => i % 3 === 0), ...dirs, 'mm', 'no/such/thing.c'];
  const visitedBefore = new Map<string, number>();
  for (const p of probes) {
    const t = await indexFileHistory({ dir: repo.dir, path: p, home }).catch((e: unknown) => e);
    if (t instanceof StrataError) continue;
    visitedBefore.set(p, (t as Awaited<ReturnType<typeof indexFileHistory>>).stats.commitsVisited);
  }

  const learned = await learnChanges({ dir: repo.dir, home });
  assert.ok(learned.learned > 250 && learned.commits >= learned.learned, `learned ${learned.learned} of ${learned.commits}`);
  assert.equal((await learnChanges({ dir: repo.dir, home })).learned, 0, 'learned once, kept on disk');

  const fresh = path.join(root, 'home2');
  fs.cpSync(home, fresh, { recursive: true });
  for (const f of fs.readdirSync(fresh, { recursive: true }) as string[]) {
    if (/timeline|entries/.test(path.basename(f))) fs.rmSync(path.join(fresh, f), { force: true, recursive: true });
  }
  let fewer = 0;
  for (const p of probes) {
    const t = await indexFileHistory({ dir: repo.dir, path: p, home: fresh }).catch((e: unknown) => e);
    if (t instanceof StrataError) {
      assert.equal(gitLogOids(repo.dir, p).length, 0, `${p}: git finds no history either`);
      continue;
    }
    const timeline = t as Awaited<ReturnType<typeof indexFileHistory>>;
    assert.deepEqual(
      timeline.entries.map((e) => e.oid),
      gitLogOids(repo.dir, p),
      p,
    );
    if (timeline.stats.commitsVisited < (visitedBefore.get(p) ?? 0)) fewer++;
  }
  assert.ok(fewer > probes.length / 3, `most later files visit fewer commits (${fewer} of ${probes.length})`);

  // change sets learned for another commit index are never used: another repository's, put in this one's place,
  // would rule out commits by positions that name other commits here (the anchor check keeps them out)
  const other = generateRepo({ dir: path.join(root, 'other'), seed: 14, commits: 300, bare: true });
  const otherHome = path.join(root, 'home-other');
  await indexFileHistory({ dir: other.dir, path: other.target, home: otherHome });
  assert.ok((await learnChanges({ dir: other.dir, home: otherHome })).learned > 250);
  const foreign = (fs.readdirSync(otherHome, { recursive: true }) as string[]).find((f) => f.endsWith('top-level.v1'))!;
  const mixed = path.join(root, 'home-mixed');
  fs.cpSync(fresh, mixed, { recursive: true });
  const ours = (fs.readdirSync(mixed, { recursive: true }) as string[]).find((f) => f.endsWith('top-level.v1'))!;
  for (const f of fs.readdirSync(mixed, { recursive: true }) as string[]) {
    if (/timeline|entries|positions|\.json$/.test(path.basename(f))) fs.rmSync(path.join(mixed, f), { force: true, recursive: true });
  }
  fs.copyFileSync(path.join(otherHome, foreign), path.join(mixed, ours));
  for (const p of probes) {
    const t = await indexFileHistory({ dir: repo.dir, path: p, home: mixed }).catch((e: unknown) => e);
    if (t instanceof StrataError) continue;
    assert.deepEqual(
      (t as Awaited<ReturnType<typeof indexFileHistory>>).entries.map((e) => e.oid),
      gitLogOids(repo.dir, p),
      `${p} beside foreign change sets`,
    );
  }
});

test('a corrupt or half-written index is rebuilt, never trusted', async () => {
  const root = tmpDir('corrupt');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 3, commits: 80 });
  const home = path.join(root, 'home');
  const good = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  const files = fs.readdirSync(path.join(home, 'repos'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  for (const f of files) {
    const p = path.join(f.parentPath, f.name);
    fs.writeFileSync(p, fs.readFileSync(p).subarray(0, 37)); // as if killed mid-write without the atomic rename
  }
  const rebuilt = await indexFileHistory({ dir: repo.dir, path: repo.target, home });
  assert.equal(rebuilt.stats.source, 'full');
  assert.deepEqual(rebuilt.entries, good.entries);
  assert.deepEqual(
    fs.readdirSync(path.join(home, 'repos'), { recursive: true }).filter((n) => String(n).includes('.tmp-')),
    [],
  );
});

test('clear errors: path not in repository (with a suggestion), empty repository, not a repository', async () => {
  const root = tmpDir('errors');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 4, commits: 30 });
  const home = path.join(root, 'home');
  await assert.rejects(
    indexFileHistory({ dir: repo.dir, path: 'mm/hmmm.c', home }),
    (e: unknown) =>
      e instanceof StrataError &&
      e.code === 'PathNotInRepository' &&
      e.suggestion === 'mm/hmm.c' &&
      /did you mean mm\/hmm.c/.test(e.message),
  );
  const empty = path.join(root, 'empty');
  execFileSync('git', ['init', '-q', empty]);
  await assert.rejects(
    indexFileHistory({ dir: empty, path: 'mm/hmm.c', home }),
    (e: unknown) => e instanceof StrataError && e.code === 'EmptyRepository',
  );
  await assert.rejects(
    indexFileHistory({ dir: root, path: 'mm/hmm.c', home }),
    (e: unknown) => e instanceof StrataError && e.code === 'NotAGitRepository',
  );
  await assert.rejects(
    indexFileHistory({ dir: repo.dir, path: '../etc/passwd', home }),
    (e: unknown) => e instanceof StrataError && e.code === 'InvalidRequest',
  );
});

test('the sample repository is deterministic and indexes exactly like git', async () => {
  const root = tmpDir('sample');
  const a = await writeSampleRepository({ dir: path.join(root, 'a') });
  const b = await writeSampleRepository({ dir: path.join(root, 'b') });
  assert.equal(a.head, b.head, 'same commit ids on every run');
  assert.ok(a.commits >= 140 && a.commits <= 200, `about 150 commits (${a.commits})`);
  assert.match(gitOut(a.dir, ['fsck', '--strict']), /^$/);
  const home = path.join(root, 'home');
  for (const [p, follow] of [
    ['mm/hmm.c', false],
    ['mm/hmm.c', true],
    ['Documentation/vm/hmm.rst', true],
    ['include/linux/hmm.h', false],
  ] as const) {
    const t = await indexFileHistory({ dir: a.dir, path: p, follow, home });
    assert.deepEqual(
      t.entries.map((e) => e.oid),
      gitLogOids(a.dir, p, follow),
      `${p} follow=${follow}`,
    );
    const numstat = gitNumstat(a.dir, p, follow);
    for (const e of t.entries) {
      const row = numstat.get(e.oid);
      if (row) assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions]);
    }
  }
  const stable = await indexFileHistory({ dir: a.dir, path: 'mm/hmm.c', rev: 'linux-5.4.y', home });
  assert.deepEqual(
    stable.entries.map((e) => e.oid),
    gitOut(a.dir, ['log', '--format=%H', 'linux-5.4.y', '--', 'mm/hmm.c']).split('\n').filter(Boolean),
  );
  assert.ok(stable.entries.some((e) => /^commit [0-9a-f]{40} upstream\./m.test(e.body)));
  const merges = (await indexFileHistory({ dir: a.dir, path: 'mm/hmm.c', home })).entries.filter((e) => e.parents.length > 1);
  assert.ok(merges.length >= 2, 'merges that touch the file are in the timeline');
  const renamed = await indexFileHistory({ dir: a.dir, path: 'Documentation/vm/hmm.rst', follow: true, home });
  assert.ok(renamed.entries.some((e) => e.status === 'R' && e.oldPath === 'Documentation/vm/hmm.txt'));
});

test('a first index with the path looked up on the other core (as in a large repository) lists what git lists, and what one without it lists', async () => {
  const root = tmpDir('look-ahead');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 12, commits: 300, bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq']);
  const finish = EntryPipeline.prototype.finish;
  let pipelines = 0;
  EntryPipeline.prototype.finish = function (...args) {
    pipelines++;
    return finish.apply(this, args);
  };
  const saved = lookAheadFrom.objects;
  try {
    const small = await indexFileHistory({ dir: repo.dir, path: repo.target, home: path.join(root, 'home-small') });
    assert.equal(pipelines, 0, 'a repository this small looks the path up itself');
    lookAheadFrom.objects = 0;
    const ahead = await indexFileHistory({ dir: repo.dir, path: repo.target, home: path.join(root, 'home-ahead') });
    assert.equal(pipelines, 1, 'the look-ahead ran');
    assert.deepEqual(
      ahead.entries.map((e) => e.oid),
      gitLogOids(repo.dir, repo.target),
    );
    assert.deepEqual(ahead.entries, small.entries);
    // a blame before any timeline (the command line's): the same look-ahead while its commit index is built,
    // its lines git's, and the entries it found kept for the timeline opened next
    const blameHome = path.join(root, 'home-blame');
    const repoHandle = await openRepository({ dir: repo.dir, home: blameHome });
    const lines = await blameFile({ repo: repoHandle, path: repo.target, cache: new BlameCache() });
    assert.equal(pipelines, 2, 'the blame looked the path up on the other core');
    const porcelain = gitOut(repo.dir, ['blame', '--porcelain', '--', repo.target]);
    assert.deepEqual(
      lines.map((l) => `${l.oid} ${l.origLine}`),
      porcelain
        .split('\n')
        .filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l))
        .map((l) => l.split(' ').slice(0, 2).join(' ')),
    );
    assert.ok(fs.existsSync(repoHandle.index.positionEntriesFile(repo.target)), 'the entries it found are kept');
    repoHandle.close();
    const afterBlame = await indexFileHistory({ dir: repo.dir, path: repo.target, home: blameHome });
    assert.deepEqual(afterBlame.entries, small.entries);
  } finally {
    lookAheadFrom.objects = saved;
    EntryPipeline.prototype.finish = finish;
  }
});

test('the entry pipeline: the worker takes batches from the front, the caller from the back, and every answer equals a lookup of its own', async () => {
  const root = tmpDir('pipeline');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 21, commits: 300, bare: true });
  execFileSync('git', ['-C', repo.dir, 'repack', '-adq']);
  const store = new PackObjectStore(repo.dir);
  const commits = gitOut(repo.dir, ['rev-list', '--all']).trim().split('\n');
  const trees = commits.map((c) => gitOut(repo.dir, ['rev-parse', `${c}^{tree}`]).trim());
  const pipeline = new EntryPipeline(repo.dir, repo.target, { batchSize: 16 });
  trees.forEach((t, pos) => pipeline.add(pos, t));
  const found = await pipeline.finish(new PathEntryLookup(store), (pos) => trees[pos]!);
  const own = new PathEntryLookup(store);
  trees.forEach((t, pos) => assert.equal(found.get(pos), own.entryAtSync(t, repo.target), `position ${pos}`));
  assert.equal(pipeline.taken.worker + pipeline.taken.caller, Math.ceil(trees.length / 16), 'every batch looked up exactly once');
  assert.ok(pipeline.taken.caller > 0, 'the caller did not wait idle');
  // batches that start small and double (8, 16, 32, then 64 at most), so the worker starts early
  const growing = new EntryPipeline(repo.dir, repo.target, { batchSize: 64, firstBatch: 8 });
  trees.forEach((t, pos) => growing.add(pos, t));
  const grown = await growing.finish(new PathEntryLookup(store), (pos) => trees[pos]!);
  trees.forEach((t, pos) => assert.equal(grown.get(pos), own.entryAtSync(t, repo.target), `position ${pos} (growing batches)`));
  assert.equal(growing.taken.worker + growing.taken.caller, 3 + Math.ceil((trees.length - 8 - 16 - 32) / 64));
  // cancelled: the caller takes nothing more, waits for nothing, and the worker is stopped
  const cancelled = new EntryPipeline(repo.dir, repo.target, { batchSize: 16 });
  trees.forEach((t, pos) => cancelled.add(pos, t));
  const partial = await cancelled.finish(new PathEntryLookup(store), (pos) => trees[pos]!, AbortSignal.abort());
  assert.equal(cancelled.taken.caller, 0);
  assert.ok(trees.filter((_, pos) => partial.get(pos) !== undefined).length < trees.length);
  store.close();
});

test('a path not in a repository with a folder of 200,000 files still gets its suggestion (no list spread into a call)', async () => {
  const root = tmpDir('huge-folder');
  const dir = path.join(root, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const files = 200_000;
  const lines = [
    'blob',
    'mark :1',
    'data 2',
    'x',
    '',
    'commit refs/heads/main',
    'committer T <t@example.org> 1600000000 +0000',
    'data 2',
    'c',
  ];
  // in folders of 1,000 (fast-import takes a long time over one folder of 200,000): third_party's list is still one
  for (let i = 0; i < files; i++) lines.push(`M 100644 :1 third_party/d${Math.floor(i / 1000)}/f${i}.c`);
  lines.push('M 100644 :1 src/main.c', '');
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: lines.join('\n') });
  await assert.rejects(
    indexFileHistory({ dir, path: 'src/mian.c', home: path.join(root, 'home') }),
    (e: unknown) => e instanceof StrataError && e.code === 'PathNotInRepository' && e.suggestion === 'src/main.c',
  );
});
