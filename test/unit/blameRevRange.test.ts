import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { BlameCache, blameFile } from '../../main/blame/blameFile';
import { blame } from '../../main/services/blame';
import { resolveRevision } from '../../main/objects/resolveRevision';
import { revisionRange } from '../../shared/timelineKey';
import { runCli } from '../fixtures/runCli';

const rows = (lines: readonly { oid: string; origLine: number; origPath: string; boundary?: true }[]) =>
  lines.map((l) => `${l.oid} ${l.origLine} ${l.origPath}${l.boundary ? ' ^' : ''}`);

test('blame over a range (git blame A..B): lines older than what A reaches stay at the boundary git stops at', async () => {
  const dir = tmpDir('blame-rev-range');
  const { paths } = blameHistory(dir, 31, 70);
  const merges = gitOut(dir, ['rev-list', '--merges', 'HEAD']).split('\n').filter(Boolean);
  assert.ok(merges.length >= 3, `${merges.length} merges`);
  const ranges = [
    'HEAD~8..HEAD',
    'HEAD~25..HEAD~3',
    'HEAD~15..',
    ...merges.slice(0, 4).flatMap((m) => [`${m}^1..${m}`, `${m}^2..${m}`, `${m}^2..HEAD`, `${m}~3..${m}^2`]),
  ];
  let boundaries = 0;
  let compared = 0;
  await withRepository({ dir, home: tmpDir('blame-rev-range-home') }, async (repo) => {
    const cache = new BlameCache();
    for (const rev of ranges) {
      const { bottom, top } = revisionRange(rev)!;
      const files = new Set(gitOut(dir, ['ls-tree', '-r', '--name-only', top]).split('\n'));
      for (const p of paths.filter((f) => files.has(f))) {
        const want = gitBlame(dir, rev, p);
        const got = await blameFile({
          repo,
          path: p,
          rev: await resolveRevision(repo, top),
          bottom: await resolveRevision(repo, bottom),
          cache,
        });
        assert.deepEqual(rows(got), rows(want), `git blame ${rev} -- ${p}`);
        boundaries += want.filter((w) => w.boundary).length;
        compared += want.length;
      }
    }
    // the same file at B blamed whole afterwards: a range's boundary answers are not kept for it
    const atHead = new Set(gitOut(dir, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n'));
    const file = paths.find((f) => atHead.has(f))!;
    const whole = await blameFile({ repo, path: file, cache });
    // (git's ^ there is the root commit's, which the service marks)
    assert.deepEqual(
      rows(whole),
      rows(gitBlame(dir, 'HEAD', file).map((l) => ({ oid: l.oid, origLine: l.origLine, origPath: l.origPath }))),
    );
  });
  assert.ok(boundaries > 50 && boundaries < compared, `${boundaries} of ${compared} lines at a boundary`);
});

test("blame over a range where committer dates go backwards: git's walk stops before its marks reach all A reaches, and blame goes on there", async () => {
  const dir = tmpDir('blame-rev-range-skew');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const git = (args: string[], date?: string) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    })
      .toString()
      .trim();
  const at = (day: number) =>
    `2020-01-01T00:00:00Z`.replace(
      '01-01',
      `${String(1 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`,
    );
  const write = (lines: string[]) => fs.writeFileSync(path.join(dir, 'f.c'), `${lines.join('\n')}\n`);
  const commit = (lines: string[], name: string, day: number) => {
    write(lines);
    git(['add', 'f.c']);
    git(['commit', '-q', '-m', name], at(day));
  };
  // r, p, q: a history dated after the chain of eight commits that A ends, which starts from q ("committed before" q);
  // B merges a branch from q (its first parent) with A. git's walk of A..B takes q, p and r first, then stops five
  // commits into A's chain: its marks never reach q, and git blames q's lines on q, p and r as in the range
  const base = ['r 1', 'r 2', 'p 1', 'p 2', 'q 1', 'q 2'];
  commit(base.slice(0, 2), 'r', 27);
  commit(base.slice(0, 4), 'p', 28);
  commit(base, 'q', 29);
  git(['tag', 'Q']);
  const chain: string[] = [];
  for (let i = 7; i >= 0; i--) {
    chain.push(`x${i}`);
    commit([...base, ...chain], i === 0 ? 'a' : `x${i}`, 12 + (7 - i));
  }
  git(['tag', 'A']);
  git(['checkout', '-q', '-b', 'side', 'Q']);
  commit([...base, 'y 1'], 'y', 35);
  // both sides added lines at the end: git stops at the conflict, resolved here with both
  spawnSync('git', ['-C', dir, 'merge', '-q', '--no-edit', 'main']);
  write([...base, 'y 1', ...chain]);
  git(['add', 'f.c']);
  git(['commit', '-q', '-m', 'merge A'], at(40));
  await withRepository({ dir, home: tmpDir('blame-rev-range-skew-home') }, async (repo) => {
    for (const rev of ['A..side', 'A~2..side', 'Q..side', 'A~7..side']) {
      // through the service: r, the root commit, is git's boundary too (^)
      const r = await blame({ repo, path: 'f.c', rev });
      const got = r.lines.map((l) => ({ ...l, ...(r.commits[l.oid]!.boundary ? { boundary: true as const } : {}) }));
      assert.deepEqual(rows(got), rows(gitBlame(dir, rev, 'f.c')), `git blame ${rev} -- f.c`);
    }
    // the case itself: q's lines are not at a boundary over A..side, though A reaches q
    const q = await resolveRevision(repo, 'Q');
    const got = await blameFile({ repo, path: 'f.c', rev: await resolveRevision(repo, 'side'), bottom: await resolveRevision(repo, 'A') });
    assert.deepEqual(
      got.slice(0, 6).map((l) => [l.origPath, l.boundary ?? false]),
      base.map(() => ['f.c', false]),
    );
    assert.equal(got[4]!.oid, q);
  });
});

test('strata blame --rev A..B prints what git blame A..B prints: ^ on the boundary, "boundary" in the porcelain', async () => {
  const dir = tmpDir('blame-rev-range-cli');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const lines: string[] = [];
  for (let i = 1; i <= 5; i++) {
    lines.push(`version ${i} first`, `version ${i} second`);
    fs.writeFileSync(path.join(dir, 'f.c'), `${lines.join('\n')}\n`);
    execFileSync('git', ['-C', dir, 'add', 'f.c']);
    const date = `2021-02-0${i}T10:00:00Z`;
    execFileSync('git', ['-C', dir, 'commit', '-q', '-m', `step ${i}`], {
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    execFileSync('git', ['-C', dir, 'tag', `t${i}`]);
  }
  const home = tmpDir('blame-rev-range-cli-home');
  process.env.STRATA_HOME = home;
  for (const rev of ['t2..t4', 't3..', 't1..t5']) {
    const plain = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--rev', rev]);
    assert.equal(plain.code, 0, plain.err);
    assert.equal(plain.out, execFileSync('git', ['-C', dir, 'blame', rev, '--', 'f.c']).toString(), `git blame ${rev}`);
    const porcelain = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--rev', rev, '--porcelain']);
    assert.equal(
      porcelain.out,
      execFileSync('git', ['-C', dir, 'blame', '--porcelain', rev, '--', 'f.c']).toString(),
      `--porcelain ${rev}`,
    );
  }
  // through the service, as the app asks it: the boundary commit is one, its lines blamed there
  await withRepository({ dir, home }, async (repo) => {
    const r = await blame({ repo, path: 'f.c', rev: 't3..t5' });
    const t3 = await resolveRevision(repo, 't3');
    assert.equal(r.commits[t3]!.boundary, true);
    assert.deepEqual(
      r.lines.filter((l) => l.oid === t3).map((l) => l.line),
      [1, 2, 3, 4, 5, 6],
    );
  });
});
