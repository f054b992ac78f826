import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateRepo, sharedRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import { indexFileHistory } from '../fixtures/openAndRun';
import type { TimelinePartial } from '../../shared/model';
import { openRepository } from '../../main/repository/repository';
import { blame } from '../../main/services/blame';
import { lineHistory } from '../../main/services/lineHistory';
import { gitBlame } from '../fixtures/blameHistory';

test('a first index sends the list before its counts, then the counts newest first; together they are the answer, equal to git', async () => {
  const root = tmpDir('timeline-partial');
  const { dir } = generateRepo({ dir: path.join(root, 'repo'), seed: 7, commits: 200 });
  const home = path.join(root, 'home');
  const parts: TimelinePartial[] = [];
  const timeline = await indexFileHistory({ dir, home, path: 'mm/hmm.c', onPartial: (p) => parts.push(p) });
  assert.deepEqual(
    timeline.entries.map((e) => e.oid),
    gitLogOids(dir, 'mm/hmm.c'),
  );

  const [first, ...counts] = parts;
  assert.ok(first?.kind === 'entries', 'the list comes first');
  assert.deepEqual(
    first.timeline.entries.map((e) => e.oid),
    timeline.entries.map((e) => e.oid),
    'the whole list, in the order of the answer',
  );
  assert.ok(
    first.timeline.entries.every((e) => e.additions === null && e.deletions === null),
    'no count before it is computed',
  );
  assert.deepEqual(
    first.counting,
    timeline.entries.map((e) => e.oid),
    'every commit is to be counted, newest first',
  );
  const sent = counts.flatMap((p) => (p.kind === 'counts' ? p.counts : assert.fail('only counts follow the list')));
  assert.deepEqual(
    sent.map((c) => c[0]),
    first.counting.slice(0, sent.length),
    'in the order of the list (newest first)',
  );
  const byOid = new Map(timeline.entries.map((e) => [e.oid, e]));
  for (const [oid, additions, deletions] of sent)
    assert.deepEqual([additions, deletions], [byOid.get(oid)!.additions, byOid.get(oid)!.deletions]);
  for (const [oid, row] of gitNumstat(dir, 'mm/hmm.c'))
    assert.deepEqual([byOid.get(oid)!.additions, byOid.get(oid)!.deletions], [row.additions, row.deletions], oid);
  assert.deepEqual(
    first.timeline.entries.map((e) => ({ ...e, additions: byOid.get(e.oid)!.additions, deletions: byOid.get(e.oid)!.deletions })),
    timeline.entries,
    'the list with its counts is the answer',
  );

  // from the saved index, or with few new commits to count, the answer itself comes as soon as a list would
  let later = 0;
  await indexFileHistory({ dir, home, path: 'mm/hmm.c', onPartial: () => later++ });
  execFileSync('git', ['-C', dir, '-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-q', '--allow-empty', '-m', 'empty']);
  await indexFileHistory({ dir, home, path: 'mm/hmm.c', onPartial: () => later++ });
  assert.equal(later, 0);
});

test('a long walk shows the commits it has found as it goes, in the order of the answer, before its whole list', async () => {
  const root = tmpDir('timeline-walking');
  // past 4,096 commits: the walk tells what it has found on the way (every 4,096 commits taken)
  const { dir } = sharedRepo({ seed: 11, commits: 6000 });
  const parts: TimelinePartial[] = [];
  const timeline = await indexFileHistory({
    dir,
    home: path.join(root, 'home'),
    path: 'mm/hmm.c',
    earlyListMs: 0,
    onPartial: (p) => parts.push(p),
  });
  assert.deepEqual(
    timeline.entries.map((e) => e.oid),
    gitLogOids(dir, 'mm/hmm.c'),
  );
  const walking = parts.filter((p) => p.kind === 'walking');
  assert.ok(walking.length >= 1, 'found commits are shown before the walk ends');
  let next = 0;
  let visited = 0;
  for (const w of walking) {
    assert.equal(w.from, next, 'each goes on where the last ended');
    assert.ok(w.visited > visited && w.total >= w.visited);
    next += w.timeline.entries.length;
    visited = w.visited;
  }
  const shown = walking.flatMap((w) => w.timeline.entries);
  assert.ok(shown.length > 0 && shown.length < timeline.entries.length, 'part of the list, before its end');
  assert.deepEqual(
    shown.map((e) => ({ ...e, additions: null, deletions: null })),
    timeline.entries.slice(0, shown.length).map((e) => ({ ...e, additions: null, deletions: null })),
    'the first entries of the answer',
  );
  assert.ok(
    shown.every((e) => e.additions === null && e.deletions === null),
    'no counts yet',
  );
  const whole = parts.findIndex((p) => p.kind === 'entries');
  assert.ok(whole > parts.lastIndexOf(walking.at(-1)!), 'then the whole list, then its counts');
  const list = parts[whole];
  assert.ok(list?.kind === 'entries');
  assert.deepEqual(
    list.timeline.entries.map((e) => e.oid),
    timeline.entries.map((e) => e.oid),
  );

  // one that ends before its time to show shows nothing early
  const quick: TimelinePartial[] = [];
  await indexFileHistory({ dir, home: path.join(root, 'home2'), path: 'mm/hmm.c', earlyListMs: 600_000, onPartial: (p) => quick.push(p) });
  assert.equal(quick.filter((p) => p.kind === 'walking').length, 0);
});

/** A generated repository under `root` and a clone of it without blobs (git clone --filter=blob:none, bare). */
function partialCloneOf(root: string, seed: number, commits: number): { dir: string; partial: string } {
  const { dir } = generateRepo({ dir: path.join(root, 'repo'), seed, commits });
  execFileSync('git', ['-C', dir, 'config', 'uploadpack.allowFilter', 'true']);
  const partial = path.join(root, 'partial.git');
  execFileSync('git', ['clone', '-q', '--bare', '--no-local', '--filter=blob:none', `file://${dir}`, partial]);
  return { dir, partial };
}

test("in a clone without the file's blobs (git clone --filter=blob:none) the list still comes first, and every count is marked absent", async () => {
  const root = tmpDir('timeline-partial-absent');
  const { dir, partial } = partialCloneOf(root, 7, 200);
  execFileSync('git', ['-C', partial, 'remote', 'remove', 'origin']); // no lazy fetch: the blobs stay absent
  const parts: TimelinePartial[] = [];
  const timeline = await indexFileHistory({
    dir: partial,
    home: path.join(root, 'home'),
    path: 'mm/hmm.c',
    onPartial: (p) => parts.push(p),
  });
  assert.deepEqual(
    timeline.entries.map((e) => e.oid),
    gitLogOids(dir, 'mm/hmm.c'),
  );
  assert.ok(timeline.entries.every((e) => e.absent === true && e.additions === null && e.deletions === null));
  // its remote gone, the clone is no partial clone to git any more: what it lacks, git fsck calls damage
  assert.match(
    timeline.stats.absent ?? '',
    /versions of mm\/hmm\.c are not in .*, which is no partial clone: .*their \+\/- counts are not known/,
  );
  const [first, ...counts] = parts;
  assert.ok(first?.kind === 'entries', 'the list comes first');
  assert.deepEqual(
    first.timeline.entries.map((e) => e.oid),
    timeline.entries.map((e) => e.oid),
  );
  // counting what is not there is quick, so the answer usually comes before a batch of counts would; any batch sent says so
  const sent = counts.flatMap((p) => (p.kind === 'counts' ? p.counts : assert.fail('only counts follow the list')));
  for (const c of sent) assert.deepEqual(c.slice(1), [null, null, true]);
});

test("blame and -L in a partial clone say what is missing and the git command that fetches it; after it, blame equals git's", async () => {
  const root = tmpDir('blame-partial');
  const { partial } = partialCloneOf(root, 8, 60);
  const repo = await openRepository({ dir: partial, home: path.join(root, 'home') });
  try {
    for (const attempt of [
      () => blame({ repo, path: 'mm/hmm.c' }),
      () => lineHistory({ repo, path: 'mm/hmm.c', lines: { start: 1, end: 3 } }),
    ]) {
      await assert.rejects(attempt(), (err: Error) => {
        assert.match(err.message, /is a partial clone: versions of mm\/hmm\.c were left on its remote "origin"/);
        // blame and -L follow renames: the versions along them
        assert.match(err.message, /git -C \S+ log -p --follow --format= -- mm\/hmm\.c > \/dev\/null/);
        return true;
      });
    }
    // the command it names fetches the versions (git does, lazily, from the promisor remote)
    execFileSync('git', ['-C', partial, 'log', '-p', '--follow', '--format=', '--', 'mm/hmm.c'], { stdio: 'ignore' });
    repo.store.refresh();
    const got = await blame({ repo, path: 'mm/hmm.c' });
    assert.deepEqual(
      got.lines.map((l) => l.oid),
      gitBlame(partial, 'HEAD', 'mm/hmm.c').map((l) => l.oid),
    );
  } finally {
    repo.close();
  }
});

test("a partial clone's missing versions: the notice says how to have git fetch them, and once that is done the counts are git's", async () => {
  const root = tmpDir('timeline-partial-advice');
  const { dir, partial } = partialCloneOf(root, 11, 120);
  const home = path.join(root, 'home');
  const first = await indexFileHistory({ dir: partial, home, path: 'mm/hmm.c' });
  assert.ok(first.entries.some((e) => e.absent));
  const notice = first.stats.absent ?? '';
  assert.match(notice, /left on the partial clone's remote "origin": their \+\/- counts are not known/);
  assert.doesNotMatch(notice, /git fetch from/, 'git fetch brings no filtered blob');
  // the command the notice gives, run as a user would paste it
  const command = /(git -C \S+ log -p --format= -- \S+) > \/dev\/null/.exec(notice);
  assert.ok(command, notice);
  execFileSync('sh', ['-c', `${command[1]} > /dev/null`]);
  const after = await indexFileHistory({ dir: partial, home, path: 'mm/hmm.c' });
  assert.equal(after.stats.absent, undefined);
  // git shows no diff for a merge (Strata counts it against the first parent): the others are compared
  assert.deepEqual(
    after.entries.map((e) => e.oid),
    gitLogOids(dir, 'mm/hmm.c'),
  );
  const numstat = gitNumstat(dir, 'mm/hmm.c');
  assert.ok(numstat.size > 30);
  assert.deepEqual(
    after.entries.filter((e) => numstat.has(e.oid)).map((e) => [e.oid, e.additions, e.deletions]),
    [...numstat.values()].map((n) => [n.oid, n.additions, n.deletions]),
  );
});

test("a list whose messages are large comes without their bodies, then the bodies: together they are the answer's entries", async () => {
  const root = tmpDir('timeline-partial-bodies');
  const { dir } = generateRepo({ dir: path.join(root, 'repo'), seed: 7, commits: 200 });
  const home = path.join(root, 'home');
  const parts: TimelinePartial[] = [];
  // the generated messages are short: bodies of a few bytes in all are "large" here
  const timeline = await indexFileHistory({ dir, home, path: 'mm/hmm.c', bodiesApartFrom: 16, onPartial: (p) => parts.push(p) });
  const [list, bodies] = parts;
  assert.ok(list?.kind === 'entries' && list.bodiesFollow === true, 'the list says its bodies follow');
  assert.ok(
    timeline.entries.some((e) => e.body !== ''),
    'some commit has a body',
  );
  assert.ok(
    list.timeline.entries.every((e) => e.body === ''),
    'no body in the list',
  );
  assert.ok(bodies?.kind === 'bodies', 'the bodies come next');
  const byOid = new Map(bodies.bodies);
  assert.deepEqual(
    list.timeline.entries.map((e) => ({ ...e, body: byOid.get(e.oid) ?? '', additions: null, deletions: null })),
    timeline.entries.map((e) => ({ ...e, additions: null, deletions: null })),
    'the list with its bodies is the answer (counts aside)',
  );
  assert.ok(
    parts.slice(2).every((p) => p.kind === 'counts'),
    'then the counts',
  );

  // the default: a small history's list carries its bodies
  const whole: TimelinePartial[] = [];
  await indexFileHistory({ dir, home: path.join(root, 'home2'), path: 'mm/hmm.c', onPartial: (p) => whole.push(p) });
  assert.ok(whole[0]?.kind === 'entries' && whole[0].bodiesFollow === undefined);
  assert.ok(whole.every((p) => p.kind !== 'bodies'));
});
