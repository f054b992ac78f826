import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

const T0 = 1_600_000_000;
const DAY = 86_400;
/** A moment of the history below as git's @SECONDS: `days` after its first commit. */
const at = (days: number) => `@${T0 + days * DAY}`;

/**
 * A file's history whose committer dates matter to git log --since: a side branch merged where both sides changed
 * the file, then a commit dated before its own parent (a skewed clock), then the file renamed f.c → g.c and changed
 * again. Returns the commit ids by name.
 */
function datedHistory(dir: string): Record<string, string> {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const git = (args: string[], at?: number) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: {
        ...process.env,
        ...(at !== undefined ? { GIT_AUTHOR_DATE: `${at} +0000`, GIT_COMMITTER_DATE: `${at} +0000` } : {}),
      },
      encoding: 'utf8',
    }).trim();
  const ids: Record<string, string> = {};
  const change = (name: string, file: string, at: number, line = name) => {
    fs.appendFileSync(path.join(dir, file), `${line}\n`);
    git(['add', file]);
    git(['commit', '-q', '-m', name], at);
    ids[name] = git(['rev-parse', 'HEAD']);
  };
  change('add', 'f.c', T0);
  change('second', 'f.c', T0 + DAY);
  change('elsewhere', 'other.c', T0 + 2 * DAY);
  git(['checkout', '-q', '-b', 'side', ids.second!]);
  change('side', 'f.c', T0 + 3 * DAY);
  git(['checkout', '-q', 'main']);
  change('main', 'f.c', T0 + 4 * DAY);
  try {
    git(['merge', '-q', '--no-ff', '--no-commit', 'side'], T0 + 5 * DAY);
  } catch {
    // both sides added a last line
  }
  fs.writeFileSync(path.join(dir, 'f.c'), 'add\nsecond\nmain\nside\n');
  git(['add', 'f.c']);
  git(['commit', '-q', '-m', 'merge'], T0 + 5 * DAY);
  ids.merge = git(['rev-parse', 'HEAD']);
  change('skewed', 'f.c', T0 + 1.5 * DAY); // dated before its parent, the merge
  change('after', 'f.c', T0 + 6 * DAY);
  git(['mv', 'f.c', 'g.c']);
  git(['commit', '-q', '-m', 'rename'], T0 + 7 * DAY);
  ids.rename = git(['rev-parse', 'HEAD']);
  change('renamed', 'g.c', T0 + 8 * DAY);
  return ids;
}

/** datedHistory in a fresh folder, with a fresh Strata home. */
function datedRepository(name: string): { dir: string; ids: Record<string, string> } {
  const root = tmpDir(name);
  const dir = path.join(root, 'repo');
  const ids = datedHistory(dir);
  process.env.STRATA_HOME = path.join(root, 'home');
  return { dir, ids };
}

test('strata log --since/--after, --until/--before: the commits git log lists, its walk stopping where git stops', async () => {
  const { dir, ids } = datedRepository('log-dates');
  const iso = (days: number) => new Date((T0 + days * DAY) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  // [strata's arguments, git's arguments], for the path
  const cases: [string, string[], string[]][] = [
    ['f.c', ['--since', at(2.5)], [`--since=${at(2.5)}`]], // the skewed commit ends the walk: the merge and its sides are not reached
    ['f.c', ['--since', at(1.2)], [`--since=${at(1.2)}`]],
    ['f.c', ['--after', iso(3.5)], [`--after=${iso(3.5)}`]],
    ['f.c', ['--until', at(4.5)], [`--until=${at(4.5)}`]],
    ['f.c', ['--before', iso(3.5), '--since', at(0.5)], [`--before=${iso(3.5)}`, `--since=${at(0.5)}`]],
    ['f.c', ['--since', at(5.5), '--until', at(1)], [`--since=${at(5.5)}`, `--until=${at(1)}`]],
    ['f.c', ['--since', at(9)], [`--since=${at(9)}`]], // none
    ['f.c', ['--since', at(0.5), '-n', '2'], [`--since=${at(0.5)}`, '-n', '2']],
    ['f.c', ['--since', at(0.5), '--reverse'], [`--since=${at(0.5)}`, '--reverse']],
    ['f.c', ['--since', at(0.5), '--no-merges'], [`--since=${at(0.5)}`, '--no-merges']],
    ['f.c', ['--since', at(0.5), '--since', at(2.5)], [`--since=${at(0.5)}`, `--since=${at(2.5)}`]], // the last counts
    ['f.c', ['--rev', `${ids.add}..HEAD`, '--since', at(2.5)], [`${ids.add}..HEAD`, `--since=${at(2.5)}`]],
    ['f.c', ['--rev', `${ids.second}..HEAD`, '--until', at(4.5)], [`${ids.second}..HEAD`, `--until=${at(4.5)}`]],
    ['g.c', ['--follow', '--since', at(0.5)], ['--follow', `--since=${at(0.5)}`]],
    ['g.c', ['--follow', '--since', at(6.5)], ['--follow', `--since=${at(6.5)}`]],
    // the rename is after --until: git does not diff that commit, so it never learns the older name
    ['g.c', ['--follow', '--until', at(6.5)], ['--follow', `--until=${at(6.5)}`]],
    ['g.c', ['--follow', '--until', at(7.5)], ['--follow', `--until=${at(7.5)}`]],
  ];
  const lengths = new Set<number>();
  for (const [file, args, gitArgs] of cases) {
    const want = execFileSync('git', ['-C', dir, 'log', '--format=%H', ...gitArgs, '--', file], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const run = await runCli(['log', '--repo', dir, '--path', file, ...args, '--json']);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.err}`);
    const got = (JSON.parse(run.out) as { oid: string }[]).map((e) => e.oid);
    assert.deepEqual(got, want, `${file} ${args.join(' ')}`);
    lengths.add(want.length);
  }
  assert.ok(lengths.size >= 4, 'the cases keep different numbers of commits');
  // what the skew does: a filter on dates would list the merge's side; git's walk never reaches it
  const skewed = await runCli(['log', '--repo', dir, '--path', 'f.c', '--since', at(2.5), '--json']);
  assert.ok(!(JSON.parse(skewed.out) as { oid: string }[]).some((e) => e.oid === ids.side));

  // the narrowed lists are not kept in place of the whole one
  const whole = await runCli(['log', '--repo', dir, '--path', 'f.c', '--json']);
  const gitWhole = execFileSync('git', ['-C', dir, 'log', '--format=%H', '--', 'f.c'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  assert.deepEqual(
    (JSON.parse(whole.out) as { oid: string }[]).map((e) => e.oid),
    gitWhole,
  );
  // the plain listing narrows the same way, with its counts
  const plain = await runCli(['log', '--repo', dir, '--path', 'f.c', '--since', at(5.5)]);
  assert.equal(plain.out.trim().split('\n').length, 2);
  assert.match(plain.out, /^[0-9a-f]{12} 2020-09-20 D \+0 -6 +rename\n[0-9a-f]{12} 2020-09-19 M \+1 -0 +after\n$/);

  // text git would guess at is refused
  const vague = await runCli(['log', '--repo', dir, '--path', 'f.c', '--since', 'last friday']);
  assert.notEqual(vague.code, 0);
  assert.match(vague.err, /--since "last friday": not read; give .*2 weeks ago/);
});

test('strata log --lines with --since/--until: what git log -L lists, its walk stopping where git stops, through the merge and the rename', async () => {
  const { dir, ids } = datedRepository('linelog-dates');
  const gitText = (args: string[]) => execFileSync('git', ['-C', dir, 'log', ...args], { encoding: 'utf8' });
  // g.c at HEAD: add, second, main, side (the merge's sides), skewed, after, renamed
  const windows: [string[], string[]][] = [
    [['--since', at(0.5)], [`--since=${at(0.5)}`]],
    [['--since', at(1.2)], [`--since=${at(1.2)}`]], // the skewed commit (day 1.5) is in; the sides behind the merge are not
    [['--since', at(2.5)], [`--since=${at(2.5)}`]], // the skewed commit is older: the walk ends there
    [['--since', at(6.5)], [`--since=${at(6.5)}`]],
    [['--until', at(4.5)], [`--until=${at(4.5)}`]], // the ranges still go back through the newer commits
    [['--until', at(7.5)], [`--until=${at(7.5)}`]],
    [
      ['--before', at(6.5), '--after', at(0.5)],
      [`--before=${at(6.5)}`, `--after=${at(0.5)}`],
    ],
    [['--since', at(9)], [`--since=${at(9)}`]], // none
  ];
  const sizes = new Set<number>();
  for (const lines of ['1,7', '3,4', '5,5', '1,2'])
    for (const [args, gitArgs] of windows) {
      const want = gitText(['-L', `${lines}:g.c`, ...gitArgs]);
      const run = await runCli(['log', '--repo', dir, '--path', 'g.c', '--lines', lines, ...args]);
      assert.equal(run.code, 0, `${lines} ${args.join(' ')}: ${run.err}`);
      assert.equal(run.out, want, `-L ${lines} ${args.join(' ')}`);
      sizes.add(want.split('\ncommit ').length);
    }
  assert.ok(sizes.size >= 4, 'the windows keep different numbers of commits');
  // with a range too, and --json lists the same commits
  const ranged = await runCli([
    'log',
    '--repo',
    dir,
    '--path',
    'g.c',
    '--lines',
    '1,7',
    '--rev',
    `${ids.second}..HEAD`,
    '--since',
    at(1.2),
    '--json',
  ]);
  assert.deepEqual(
    (JSON.parse(ranged.out) as { commits: { oid: string }[] }).commits.map((c) => c.oid),
    gitText(['-L', '1,7:g.c', '--format=%H', '-s', `--since=${at(1.2)}`, `${ids.second}..HEAD`])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40}$/.test(l)),
  );
});

test('strata blame --since: lines older than the date stay with the first older commit they reach, marked as git marks them', async () => {
  const { dir, ids } = datedRepository('blame-dates');
  // [file, revision or range, --since]
  const cases: [string, string, string][] = [
    ['g.c', 'HEAD', at(0.5)],
    ['g.c', 'HEAD', at(2.5)], // the skewed commit is older: its lines, and what is behind it, stop there
    ['g.c', 'HEAD', at(4.5)],
    ['g.c', 'HEAD', at(7.5)],
    ['g.c', 'HEAD', at(9)],
    ['f.c', ids.after!, at(3.5)],
    ['g.c', `${ids.second}..HEAD`, at(2.5)],
    ['g.c', `${ids.add}..HEAD`, at(4.5)],
  ];
  const boundaries = new Set<string>();
  for (const [file, rev, since] of cases) {
    const want = execFileSync('git', ['-C', dir, 'blame', '--porcelain', `--since=${since}`, rev, '--', file], { encoding: 'utf8' });
    const run = await runCli(['blame', '--repo', dir, '--path', file, '--rev', rev, '--since', since, '--porcelain']);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, want, `${file} ${rev} --since=${since}`);
    // the commits marked boundary: each commit's details (and its mark) come once, after its first line's header
    let commit = '';
    for (const l of want.split('\n')) {
      if (/^[0-9a-f]{40} \d+ \d+/.test(l)) commit = l.slice(0, 40);
      else if (l === 'boundary') boundaries.add(commit);
    }
  }
  assert.ok(boundaries.size >= 3, `the cases stop at different commits: ${boundaries.size}`);
  // a blame without the date is not served from what a dated one kept, nor the other way round
  const plain = await runCli(['blame', '--repo', dir, '--path', 'g.c', '--porcelain']);
  assert.equal(plain.out, execFileSync('git', ['-C', dir, 'blame', '--porcelain', 'HEAD', '--', 'g.c'], { encoding: 'utf8' }));
  const again = await runCli(['blame', '--repo', dir, '--path', 'g.c', '--since', at(4.5), '--porcelain']);
  assert.equal(
    again.out,
    execFileSync('git', ['-C', dir, 'blame', '--porcelain', `--since=${at(4.5)}`, 'HEAD', '--', 'g.c'], { encoding: 'utf8' }),
  );
});
