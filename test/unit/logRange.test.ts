import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLineLog, gitLogOids } from '../fixtures/gitOracle';
import { collectReport, indexFileHistory } from '../fixtures/openAndRun';
import { reportHtml, reportJson, reportMarkdown } from '../../main/reports/renderReport';
import { withRepository } from '../../main/repository/repository';
import { lineHistory, rangeHistory } from '../../main/services/lineHistory';
import { timelineRevSchema } from '../../shared/timelineKey';

test('a range (A..B) lists what git log A..B -- path lists, renames followed or not', async () => {
  const root = tmpDir('log-range');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 7, commits: 400, renamedFrom: 'mm/hmm_core.c', targetKind: 'c' });
  const home = path.join(root, 'home');
  const merges = gitOut(repo.dir, ['rev-list', '--merges', 'HEAD']).split('\n').filter(Boolean);
  assert.ok(merges.length >= 4, `${merges.length} merges`);
  const ranges = [
    'HEAD~60..HEAD',
    'HEAD~200..HEAD~20',
    'v1.0..',
    'HEAD~30..',
    '..HEAD~5',
    ...merges.slice(0, 4).flatMap((m) => [`${m}^2..${m}`, `${m}^1..${m}^2`, `${m}^2..HEAD`, `${m}^1..HEAD`]),
  ];
  let listed = 0;
  for (const rev of ranges) {
    for (const follow of [false, true]) {
      const timeline = await indexFileHistory({ dir: repo.dir, path: repo.target, follow, home, rev });
      const want = gitLogOids(repo.dir, repo.target, follow, rev);
      assert.deepEqual(
        timeline.entries.map((e) => e.oid),
        want,
        `${rev} follow=${follow}`,
      );
      assert.equal(timeline.rev, rev);
      listed += want.length;
    }
  }
  assert.ok(listed > 100, `${listed} entries compared`);
});

test('line history over a range (git log -L A,B:path A..B): the commits git lists, each with its diff of the lines', async () => {
  const root = tmpDir('log-range-lines');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 7, commits: 400, renamedFrom: 'mm/hmm_core.c', targetKind: 'c' });
  const merges = gitOut(repo.dir, ['rev-list', '--merges', 'HEAD']).split('\n').filter(Boolean);
  let listed = 0;
  await withRepository({ dir: repo.dir, home: path.join(root, 'home') }, async (opened) => {
    for (const rev of ['HEAD~60..HEAD', 'HEAD~200..HEAD~20', `${merges[0]}^1..${merges[0]}`, `${merges[1]}^2..HEAD`]) {
      for (const [start, end] of [
        [1, 30],
        [40, 120],
      ] as const) {
        const top = rev.slice(rev.indexOf('..') + 2) || 'HEAD';
        const want = gitLineLog(repo.dir, [`-L${start},${end}:${repo.target}`], rev);
        const got = await lineHistory({ repo: opened, path: repo.target, lines: { start, end }, rev });
        assert.deepEqual(
          got.commits.map((c) => c.oid),
          want.map((w) => w.oid),
          `-L ${start},${end} ${rev} (read at ${top})`,
        );
        listed += want.length;
        // the same through the timeline of that range (the Functions tab, "history of these lines", a report's --lines)
        const viaTimeline = await rangeHistory({ repo: opened, path: repo.target, follow: false, rev, lines: { start, end } });
        assert.deepEqual(
          viaTimeline.commits.map((c) => c.oid),
          want.map((w) => w.oid),
          `the ${rev} timeline's -L ${start},${end}`,
        );
      }
    }
  });
  assert.ok(listed > 20, `${listed} commits compared`);
});

/** Two merges where a range's rule differs from a whole history's: git simplifies a merge only to a parent the range keeps. */
function mergesAcrossTheBottom(dir: string): (...args: string[]) => string {
  let tick = 0;
  const git = (...args: string[]) => {
    const date = `2021-01-01T00:${String(Math.floor(tick / 60)).padStart(2, '0')}:${String(tick++ % 60).padStart(2, '0')}Z`;
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    }).trim();
  };
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git('config', 'user.name', 'Ada');
  git('config', 'user.email', 'ada@example.org');
  const write = (text: string) => fs.writeFileSync(path.join(dir, 'f.c'), text);
  write('one\n');
  git('add', '.');
  git('commit', '-qm', 'f: one');
  write('two\n');
  git('commit', '-qam', 'f: two');
  const old = git('rev-parse', 'HEAD');
  write('three\n');
  git('commit', '-qam', 'f: three');
  git('tag', 'v1');
  write('four\n');
  git('commit', '-qam', 'f: four');
  // a merge with an old commit (under v1, not v1 itself) that takes that side's f back: to the range, the side
  // the file came from is left out, so the merge is a change and the main line is walked on
  const first = git('rev-parse', 'HEAD~3');
  const mergeOld = git('commit-tree', git('rev-parse', `${old}^{tree}`), '-p', 'HEAD', '-p', old, '-m', 'Merge old: f as it was');
  git('reset', '-q', '--hard', mergeOld);
  write('five\n');
  git('commit', '-qam', 'f: five');
  // a merge of two commits v1 reaches, made after it: the same as one parent, not the other (no parent relevant)
  const both = git('commit-tree', git('rev-parse', `${old}^{tree}`), '-p', old, '-p', first, '-m', 'Merge two old commits');
  write('six\n');
  git('add', 'f.c');
  const six = git('commit-tree', git('write-tree'), '-p', 'HEAD', '-p', both, '-m', 'Merge them, f: six');
  git('reset', '-q', '--hard', six);
  write('seven\n');
  git('commit', '-qam', 'f: seven');
  return git;
}

test("a range keeps a merge whose change came from history the range leaves out, as git's relevant parents do", async () => {
  const root = tmpDir('log-range-merges');
  const dir = path.join(root, 'repo');
  const git = mergesAcrossTheBottom(dir);
  for (const graph of [false, true]) {
    if (graph) git('commit-graph', 'write', '--reachable', '--changed-paths');
    const home = path.join(root, `home-${graph}`);
    for (const rev of [
      'v1..main',
      'v1..',
      'HEAD~2..HEAD',
      'HEAD~3..HEAD~1^2',
      'main..v1',
      'v1..v1',
      'HEAD~1^2..main',
      'HEAD~1^2~1..HEAD',
      'HEAD..HEAD~1',
    ]) {
      for (const follow of [false, true]) {
        const timeline = await indexFileHistory({ dir, path: 'f.c', follow, home, rev });
        assert.deepEqual(
          timeline.entries.map((e) => e.oid),
          gitLogOids(dir, 'f.c', follow, rev),
          `${rev} follow=${follow} commit-graph=${graph}`,
        );
      }
    }
  }
  // what the rule changes: v1..main lists the merges with old commits and "f: four"; the whole history, none of them
  const subjects = async (rev?: string) =>
    (await indexFileHistory({ dir, path: 'f.c', follow: false, home: path.join(root, 'home-s'), ...(rev ? { rev } : {}) })).entries.map(
      (e) => e.subject,
    );
  assert.deepEqual(await subjects('v1..main'), [
    'f: seven',
    'Merge them, f: six',
    'Merge two old commits',
    'f: five',
    'Merge old: f as it was',
    'f: four',
  ]);
  assert.deepEqual(await subjects(), ['f: seven', 'Merge them, f: six', 'f: five', 'f: two', 'f: one']);
  // an empty range says so, where a path absent from B is still refused as before
  const empty = await indexFileHistory({ dir, path: 'f.c', follow: false, home: path.join(root, 'home-e'), rev: 'main..v1' });
  assert.equal(empty.entries.length, 0);
  assert.match(empty.stats.empty ?? '', /No commit in main\.\.v1 changes f\.c/);
});

test('a report of a range lists what git log A..B lists and says which range it was read at', async () => {
  const root = tmpDir('log-range-report');
  const dir = path.join(root, 'repo');
  mergesAcrossTheBottom(dir);
  const data = await collectReport({ dir, home: path.join(root, 'home'), path: 'f.c', follow: false, rev: 'v1..main' });
  const json = reportJson(data);
  assert.equal(json.repository.rev, 'v1..main');
  assert.deepEqual(
    json.commits.map((c) => c.oid),
    gitLogOids(dir, 'f.c', false, 'v1..main'),
  );
  assert.match(reportMarkdown(data), /- Read at: v1\.\.main \([0-9a-f]{40}\)/);
  assert.match(reportHtml(data), /<li>Read at: v1\.\.main \(/);
  const atHead = reportJson(await collectReport({ dir, home: path.join(root, 'home'), path: 'f.c', follow: false }));
  assert.equal(atHead.repository.rev, undefined);
});

test('the timeline revision: one, or a range of two; a symmetric difference is refused with what to give', () => {
  for (const ok of ['v1.0', 'HEAD~3', 'v5.0..v5.5', 'v5.0..', '..next', 'HEAD~10..HEAD', ':/fix a..b'])
    assert.ok(timelineRevSchema.safeParse(ok).success, ok);
  for (const bad of ['..', 'v5.0...v5.5', 'a..b..c', 'a..-b']) {
    const r = timelineRevSchema.safeParse(bad);
    assert.ok(!r.success, bad);
  }
  assert.match(timelineRevSchema.safeParse('v5.0...v5.5').error!.issues[0]!.message, /symmetric difference \(A\.\.\.B\) is not read/);
});
