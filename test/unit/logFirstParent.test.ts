import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';
import { openRepository, type Repository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { changedFunctions } from '../../main/services/changedFunctions';
import { blameHistory } from '../fixtures/blameHistory';

/** Commit ids and +/- counts of `strata log --json …` (a failed run fails the test). */
async function strataLog(dir: string, file: string, args: string[]): Promise<{ oid: string; counts: string }[]> {
  const run = await runCli(['log', '--repo', dir, '--path', file, '--json', ...args]);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.err}`);
  return (JSON.parse(run.out) as { oid: string; additions: number | null; deletions: number | null }[]).map((e) => ({
    oid: e.oid,
    counts: `${e.additions}/${e.deletions}`,
  }));
}

/** What git log --first-parent --numstat lists: each commit with its counts against its first parent. */
function gitLog(dir: string, file: string, args: string[]): { oid: string; counts: string }[] {
  const out: { oid: string; counts: string }[] = [];
  for (const line of gitOut(dir, ['log', '--numstat', '--format=%H', ...args, '--', file]).split('\n')) {
    if (/^[0-9a-f]{40}$/.test(line)) out.push({ oid: line, counts: '0/0' });
    else if (line.includes('\t')) {
      const [a, d] = line.split('\t');
      out[out.length - 1]!.counts = `${a}/${d}`;
    }
  }
  return out;
}

/**
 * A merge whose first parent a range's bottom reaches, though the bottom is not that parent, and whose second is
 * not reached: git's walk counts the second as its relevant parent, and the merge as the same as its parents.
 */
function boundaryMerge(dir: string): Record<string, string> {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  let clock = 1_600_000_000;
  const git = (args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: { ...process.env, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock++} +0000` },
      encoding: 'utf8',
    }).trim();
  const ids: Record<string, string> = {};
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, 'f.c'), text);
    git(['add', 'f.c']);
    git(['commit', '-q', '-m', name]);
    ids[name] = git(['rev-parse', 'HEAD']);
  };
  write('c1', 'a\nb\nc\n');
  write('c2', 'a\nB\nc\n');
  git(['checkout', '-q', '-b', 'bottom']);
  write('c3', 'a\nB\nc\nd\n');
  git(['checkout', '-q', '-b', 'side', ids.c1!]);
  write('s1', 'A\nb\nc\n');
  git(['checkout', '-q', 'main']);
  try {
    git(['merge', '-q', '--no-ff', '--no-commit', 'side']);
  } catch {
    // both sides changed the file: its merged text is written below
  }
  write('merge', 'A\nB\nc\n');
  return ids;
}

test('strata log --first-parent: the commits and merges git log --first-parent lists, with their counts against the first parent', async () => {
  process.env.STRATA_HOME = tmpDir('first-parent-home');
  const sample = tmpDir('first-parent-sample');
  await writeSampleRepository({ dir: sample });
  const cases: [string, string, string[], string[]][] = [
    [sample, 'mm/hmm.c', ['--first-parent'], ['--first-parent']],
    [sample, 'mm/hmm.c', ['--first-parent', '--rev', 'v5.0..v5.10'], ['--first-parent', 'v5.0..v5.10']],
    [sample, 'mm/hmm.c', ['--first-parent', '--merges'], ['--first-parent', '--merges']],
    [sample, 'mm/hmm.c', ['--first-parent', '--since', '2020-01-01'], ['--first-parent', '--since=2020-01-01']],
    // the pickaxe over the first-parent line looks into each merge's diff against its first parent, as git's does
    [sample, 'mm/hmm.c', ['--first-parent', '-S', 'range->valid'], ['--first-parent', '-Srange->valid']],
    [sample, 'mm/hmm.c', ['--first-parent', '-G', 'EXPORT_SYMBOL(_GPL)?'], ['--first-parent', '-GEXPORT_SYMBOL(_GPL)?']],
  ];
  const repo = path.join(tmpDir('first-parent-boundary'), 'repo');
  const ids = boundaryMerge(repo);
  cases.push(
    [repo, 'f.c', ['--first-parent'], ['--first-parent']],
    [repo, 'f.c', ['--first-parent', '--rev', `${ids.c3}..main`], ['--first-parent', `${ids.c3}..main`]], // the merge is left out
    [repo, 'f.c', ['--first-parent', '--rev', `${ids.c2}..main`], ['--first-parent', `${ids.c2}..main`]], // the bottom itself counts: listed
  );
  const sizes = new Set<number>();
  for (const [dir, file, args, gitArgs] of cases) {
    const want = gitLog(dir, file, gitArgs);
    assert.deepEqual(await strataLog(dir, file, args), want, args.join(' '));
    sizes.add(want.length);
  }
  assert.ok(sizes.size >= 4, 'the cases list different numbers of commits');
  // the plain walks (kept) are not replaced by the first-parent ones (git log shows merges' counts only with --first-parent)
  const oids = (l: { oid: string }[]) => l.map((e) => e.oid);
  assert.deepEqual(oids(await strataLog(sample, 'mm/hmm.c', [])), oids(gitLog(sample, 'mm/hmm.c', [])));
  assert.deepEqual(oids(await strataLog(repo, 'f.c', ['--rev', `${ids.c3}..main`])), oids(gitLog(repo, 'f.c', [`${ids.c3}..main`])));
  const merges = new Set((await strataLog(sample, 'mm/hmm.c', ['--first-parent', '--merges'])).map((e) => e.oid));
  assert.ok(merges.size > 0, "the sample's first-parent line lists merges");
  const picked = await strataLog(sample, 'mm/hmm.c', ['--first-parent', '-S', 'range->valid']);
  assert.ok(
    picked.some((e) => merges.has(e.oid)),
    'a merge whose diff against its first parent changes the count is picked',
  );

  // strata export --first-parent: the report lists what git log --first-parent lists, and says so
  const out = path.join(tmpDir('first-parent-export'), 'report.json');
  const exported = await runCli(['export', '--repo', sample, '--path', 'mm/hmm.c', '--first-parent', '--format', 'json', '--out', out]);
  assert.equal(exported.code, 0, exported.err);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    firstParent?: boolean;
    commits: { oid: string; additions: number; deletions: number }[];
  };
  assert.equal(report.firstParent, true);
  assert.deepEqual(
    report.commits.map((c) => ({ oid: c.oid, counts: `${c.additions}/${c.deletions}` })),
    gitLog(sample, 'mm/hmm.c', ['--first-parent']),
  );

  // what does not go with it is refused, and says so
  for (const [args, message] of [[['--follow'], /--first-parent and --follow/]] as const) {
    const run = await runCli(['log', '--repo', sample, '--path', 'mm/hmm.c', '--first-parent', ...args]);
    assert.notEqual(run.code, 0);
    assert.match(run.err, message);
  }
});

/** The sample written to a fresh folder and opened there (the caller closes it). */
async function openedSample(name: string): Promise<{ sample: string; repo: Repository }> {
  const sample = tmpDir(name);
  await writeSampleRepository({ dir: sample });
  return { sample, repo: await openRepository({ dir: sample, home: tmpDir(`${name}-home`) }) };
}

test('a first-parent list stays on the repository handle: asked again (the search asks at each string typed), it is not walked again', async () => {
  const { repo } = await openedSample('first-parent-recent');
  try {
    const first = await indexFileHistory({ repo, path: 'mm/hmm.c', firstParent: true });
    const again = await indexFileHistory({ repo, path: 'mm/hmm.c', firstParent: true });
    assert.equal(again.stats, first.stats, 'the list computed before');
    assert.deepEqual(
      again.entries.map((e) => e.oid),
      first.entries.map((e) => e.oid),
    );
    // another walk is another list: a date window, or every commit git log lists
    const windowed = await indexFileHistory({
      repo,
      path: 'mm/hmm.c',
      firstParent: true,
      window: { since: Date.parse('2020-01-01') / 1000 },
    });
    assert.ok(windowed.entries.length < first.entries.length);
    const plain = await indexFileHistory({ repo, path: 'mm/hmm.c' });
    assert.notEqual(plain.entries.length, first.entries.length);
  } finally {
    repo.close();
  }
});

test("the first-parent line's changed functions: each merge's against its first parent, agreeing with git log -L --first-parent", async () => {
  const { sample, repo } = await openedSample('first-parent-functions');
  try {
    const whole = await changedFunctions({ repo, path: 'mm/hmm.c', follow: false });
    const line = await changedFunctions({ repo, path: 'mm/hmm.c', follow: false, firstParent: true });
    const merges = gitOut(sample, ['log', '--first-parent', '--merges', '--format=%H', '--', 'mm/hmm.c']).split('\n').filter(Boolean);
    for (const [oid, fns] of Object.entries(whole)) assert.deepEqual(line[oid], fns, `${oid}: as in the whole history`);
    // a merge git log -L :hmm_range_fault: --first-parent lists changed that function against its first parent
    const fnLine = gitOut(sample, ['log', '-L', ':hmm_range_fault:mm/hmm.c', '--first-parent', '--format=%H', '-s']).split('\n');
    const merge = merges.find((m) => fnLine.includes(m))!;
    assert.ok(merge, 'the function came into the first-parent line with a merge');
    assert.ok(line[merge]!.includes('hmm_range_fault'), `${merge}: ${line[merge]!.join(', ')}`);
  } finally {
    repo.close();
  }
  // a history whose first-parent line has merges git log -- path leaves out (the file as one parent had it): each gets its set
  const merged = path.join(tmpDir('first-parent-functions-merges'), 'repo');
  const { paths } = blameHistory(merged, 7, 200);
  const file = gitOut(merged, ['ls-tree', '-r', '--name-only', 'HEAD'])
    .split('\n')
    .find((p) => paths.includes(p))!;
  const other = await openRepository({ dir: merged, home: tmpDir('first-parent-functions-merges-home') });
  try {
    const whole = await changedFunctions({ repo: other, path: file, follow: false });
    const line = await changedFunctions({ repo: other, path: file, follow: false, firstParent: true });
    const listed = gitOut(merged, ['log', '--first-parent', '--format=%H', '--', file]).split('\n').filter(Boolean);
    assert.ok(
      listed.some((oid) => whole[oid] === undefined),
      'the first-parent line lists merges the whole history does not',
    );
    for (const oid of listed) assert.ok(Array.isArray(line[oid]), `${oid} has its set`);
  } finally {
    other.close();
  }
});
