import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { runCli } from '../fixtures/runCli';
import { gitDate, gitDateWidth } from '../../main/cli/gitDates';

test('strata blame --lines and --function equal git blame -L A,B and -L :NAME, plain and JSON', async () => {
  const dir = tmpDir('blame-range');
  process.env.STRATA_HOME = tmpDir('blame-range-home');
  const { paths } = blameHistory(dir, 33, 40);
  const file = paths[paths.length - 1]!;
  const count = gitOut(dir, ['show', `HEAD:${file}`]).split('\n').length - 1;
  const older = gitOut(dir, ['rev-list', '-n1', 'HEAD~6', '--', file]).trim();
  // a range inside, one given backwards, one that runs past the end (git cuts it there), one at an older version
  for (const [a, b, rev] of [
    [3, 9, 'HEAD'],
    [12, 4, 'HEAD'],
    [count - 2, count + 40, 'HEAD'],
    [2, 6, older],
  ] as const) {
    const plain = await runCli(['blame', '--repo', dir, '--path', file, '--rev', rev, '--lines', `${a},${b}`]);
    assert.equal(plain.code, 0, plain.err);
    assert.equal(plain.out, gitOut(dir, ['blame', '-L', `${a},${b}`, rev, '--', file]), `-L ${a},${b} ${rev}`);
    const json = await runCli(['blame', '--repo', dir, '--path', file, '--rev', rev, '--lines', `${a},${b}`, '--json']);
    const first = Math.min(a, b);
    const want = gitBlame(dir, rev, file)
      .map((l, i) => ({ line: i + 1, oid: l.oid, origLine: l.origLine, origPath: l.origPath }))
      .filter((l) => l.line >= first && l.line <= Math.max(a, b));
    assert.deepEqual(JSON.parse(json.out), want, `-L ${a},${b} ${rev} --json`);
  }
  const past = await runCli(['blame', '--repo', dir, '--path', file, '--lines', `${count + 1},${count + 5}`]);
  assert.notEqual(past.code, 0);
  assert.match(past.err, new RegExp(`has only ${count} lines`));

  // functions of a C file, found as git finds them
  const repo = generateRepo({ dir: path.join(tmpDir('blame-range-c'), 'repo'), seed: 42, commits: 60 });
  const names = [...gitOut(repo.dir, ['show', 'HEAD:mm/hmm.c']).matchAll(/^static int (\w+)\(/gm)].map((m) => m[1]!);
  assert.ok(names.length >= 3, names.join(' '));
  for (const name of names.slice(0, 3)) {
    const r = await runCli(['blame', '--repo', repo.dir, '--path', 'mm/hmm.c', '--function', name]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, gitOut(repo.dir, ['blame', '-L', `:${name}`, 'HEAD', '--', 'mm/hmm.c']), `-L :${name}`);
  }
  const none = await runCli(['blame', '--repo', repo.dir, '--path', 'mm/hmm.c', '--function', 'no_such_function']);
  assert.notEqual(none.code, 0);
  assert.match(none.err, /No function matching "no_such_function"/);
});

test("--lines takes git's -L forms (/regex/, ^/regex/, +N, -N, an end left out) in blame and log, as git reads them", async () => {
  process.env.STRATA_HOME = tmpDir('blame-range-forms-home');
  const repo = generateRepo({ dir: path.join(tmpDir('blame-range-forms'), 'repo'), seed: 43, commits: 40 });
  const file = 'mm/hmm.c';
  for (const spec of [
    '/^static int/,+3',
    '12,-4',
    '^/^}/,/EINVAL/',
    '/return/',
    '5',
    ',4',
    '/static/,-2',
    '3,+1',
    '/^static/,/^}$/',
    ':walk_pfn',
    '^:devmem',
  ]) {
    const blame = await runCli(['blame', '--repo', repo.dir, '--path', file, '--lines', spec]);
    assert.equal(blame.code, 0, `${spec}: ${blame.err}`);
    assert.equal(blame.out, gitOut(repo.dir, ['blame', '-L', spec, 'HEAD', '--', file]), `blame -L ${spec}`);
    const log = await runCli(['log', '--repo', repo.dir, '--path', file, '--lines', spec]);
    assert.equal(log.code, 0, `${spec}: ${log.err}`);
    assert.equal(log.out, gitOut(repo.dir, ['log', '-L', `${spec}:${file}`]), `log -L ${spec}`);
  }
  // several -L, in order: each regex (and :NAME) searched from the end of the range before; overlapping ones merged
  for (const specs of [
    ['3,5', '20,22'],
    ['/static int/,+1', '/static int/,+1', '/static int/,+1'],
    [':walk_pfn', '^:devmem'],
    ['10,20', '15,30'],
    ['30,32', '2,4', ':devmem'],
  ]) {
    const lines = specs.flatMap((spec) => ['--lines', spec]);
    const ls = specs.flatMap((spec) => ['-L', spec]);
    for (const form of [[], ['--porcelain']]) {
      const blame = await runCli(['blame', '--repo', repo.dir, '--path', file, ...lines, ...form]);
      assert.equal(blame.code, 0, `${specs.join(' ')}: ${blame.err}`);
      assert.equal(blame.out, gitOut(repo.dir, ['blame', ...form, ...ls, 'HEAD', '--', file]), `blame ${form.join('')} ${ls.join(' ')}`);
    }
    const log = await runCli(['log', '--repo', repo.dir, '--path', file, ...lines]);
    assert.equal(log.code, 0, `${specs.join(' ')}: ${log.err}`);
    assert.equal(log.out, gitOut(repo.dir, ['log', ...specs.flatMap((spec) => ['-L', `${spec}:${file}`])]), `log ${ls.join(' ')}`);
  }
  const mixed = await runCli(['blame', '--repo', repo.dir, '--path', file, '--function', 'walk_pfn', '--lines', '2,3']);
  assert.equal(mixed.out, gitOut(repo.dir, ['blame', '-L', ':walk_pfn', '-L', '2,3', 'HEAD', '--', file]), '--function then --lines');
  // what git refuses, refused with a message that says why (not an unexpected error)
  for (const [spec, says] of [
    ['/no such text/,+2', /-L parameter 'no such text' starting at line 1: no line matches it/],
    ['0,3', /0 is not a line number/],
    ['4,+0', /no empty range/],
    ['abc', /not a line range git's -L takes/],
    ['3,4x', /not a line range git's -L takes/],
  ] as const) {
    for (const command of ['blame', 'log']) {
      const r = await runCli([command, '--repo', repo.dir, '--path', file, '--lines', spec]);
      assert.equal(r.code, 2, `${command} ${spec}`);
      assert.match(r.err, says, `${command} ${spec}`);
      assert.doesNotMatch(r.err, /Unexpected/, `${command} ${spec}`);
    }
    assert.throws(() => gitOut(repo.dir, ['blame', '-L', spec, 'HEAD', '--', file]), Error, `git refuses ${spec} too`);
  }
});

test('a blame of some lines leaves the cache right for a blame of all of them after it', async () => {
  const dir = tmpDir('blame-range-cache');
  const home = tmpDir('blame-range-cache-home');
  const { paths } = blameHistory(dir, 34, 30);
  const file = paths[paths.length - 1]!;
  const ctx = { home, repositories: new RepositoryPool({ home }) };
  const some = await callMethod('blame', { dir, path: file, lines: { start: 5, end: 15 } }, ctx, NO_HOST);
  assert.deepEqual(
    some.lines.map((l) => l.line),
    Array.from({ length: 11 }, (_, i) => i + 5),
  );
  const previous = gitOut(dir, ['rev-list', '-n1', 'HEAD~1', '--', file]).trim();
  await callMethod('blame', { dir, path: file, rev: previous, lines: { start: 2, end: 8 } }, ctx, NO_HOST);
  for (const rev of ['HEAD', previous]) {
    const all = await callMethod('blame', { dir, path: file, rev }, ctx, NO_HOST);
    assert.deepEqual(
      all.lines.map((l) => [l.oid, l.origLine, l.origPath]),
      gitBlame(dir, rev, file).map((l) => [l.oid, l.origLine, l.origPath]),
      `all lines at ${rev} after a blame of some`,
    );
  }
  ctx.repositories.closeAll();
});

test('in a shallow clone, blame marks the commits at its boundary ^ as git does (their parents are not there)', async () => {
  const root = tmpDir('blame-shallow');
  process.env.STRATA_HOME = tmpDir('blame-shallow-home');
  const repo = generateRepo({ dir: path.join(root, 'full'), seed: 7, commits: 40 });
  const shallow = path.join(root, 'shallow');
  execFileSync('git', ['clone', '-q', '--depth', '4', `file://${repo.dir}`, shallow], { stdio: 'ignore' });
  for (const rev of ['HEAD', 'HEAD~1']) {
    const r = await runCli(['blame', '--repo', shallow, '--path', 'mm/hmm.c', '--rev', rev]);
    assert.equal(r.code, 0, r.err);
    const want = gitOut(shallow, ['blame', rev, '--', 'mm/hmm.c']);
    assert.ok(want.startsWith('^') || want.includes('\n^'), 'git marks a boundary here');
    assert.equal(r.out, want, `blame ${rev} in a shallow clone`);
  }
});

test("strata blame's layout follows the blame.* settings git reads (blame.date's formats, showEmail, blankBoundary, showRoot), and log -L's dates log.date", async () => {
  const dir = tmpDir('blame-layout');
  process.env.STRATA_HOME = tmpDir('blame-layout-home');
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q']);
  // dates of 9 and 10 digits, offsets east and west, a one-digit day, authors' e-mails of different lengths
  const commits = [
    ['1998-07-09', '@900000000 +0200', 'Ann', 'a@example.org'],
    ['2023-11-14', '@1700000000 -0700', 'Bob Brown', 'bob.brown@example.com'],
    ['2024-03-05', '@1709600000 +0530', 'Chen', 'c@x.cn'],
  ] as const;
  const lines: string[] = [];
  for (const [text, date, name, email] of commits) {
    lines.push(text);
    fs.writeFileSync(path.join(dir, 'f.c'), `${lines.join('\n')}\n`);
    git(['add', 'f.c']);
    git(['-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '-qm', text], { GIT_AUTHOR_DATE: date });
  }
  const settings = [
    // relative: from now, as git reads the clock (the commits are years old: a step falls between the two runs rarely)
    ...['default', 'iso', 'iso8601', 'short', 'iso-strict', 'rfc', 'raw', 'unix', 'relative'].map((d) => ['blame.date', d]),
    // in this machine's time zone (TZ, set below), and auto: (not a terminal here: the default)
    ...['local', 'iso-local', 'rfc-local', 'raw-local', 'short-local', 'auto:iso'].map((d) => ['blame.date', d]),
    ['blame.showEmail', 'true'],
    ['blame.blankBoundary', 'true'],
    ['blame.showRoot', 'true'],
  ];
  const tz = process.env.TZ;
  process.env.TZ = 'Asia/Kolkata'; // +0530: neither the commits' offsets nor UTC; git (a child) reads it too
  try {
    for (const [key, value] of settings) {
      git(['config', key!, value!]);
      const r = await runCli(['blame', '--repo', dir, '--path', 'f.c']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, git(['blame', 'HEAD', '--', 'f.c']), `${key}=${value}`);
      git(['config', '--unset', key!]);
    }
    // and strata log -L's Date lines follow log.date, as git log's do
    for (const format of ['default', 'iso', 'short', 'iso-strict', 'rfc', 'raw', 'unix', 'relative', 'local', 'iso-strict-local']) {
      git(['config', 'log.date', format]);
      const r = await runCli(['log', '--repo', dir, '--path', 'f.c', '--lines', '1,3']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, git(['log', '-L', '1,3:f.c']), `log.date=${format}`);
    }
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});

test("relative dates take git's steps: seconds, minutes, hours, days, weeks, months, years and months, years", () => {
  // git as the oracle, its clock set (GIT_TEST_DATE_NOW): a commit authored that long before it, each
  const dir = tmpDir('relative-dates');
  execFileSync('git', ['init', '-q', dir]);
  const now = 1_796_558_400;
  const agos = [-5, 1, 89, 90, 5369, 5370, 126_000, 129_600, 1_123_200, 1_209_600, 5_961_600, 6_048_000, 31_449_600, 31_536_000];
  agos.push(34_560_000, 63_072_000, 157_593_600, 157_680_000, 259_200_000);
  for (const ago of agos)
    execFileSync(
      'git',
      ['-C', dir, '-c', 'user.name=A', '-c', 'user.email=a@example.org', 'commit', '-q', '--allow-empty', '-m', String(ago)],
      {
        env: { ...process.env, GIT_AUTHOR_DATE: `@${now - ago} +0000` },
      },
    );
  const theirs = execFileSync('git', ['-C', dir, 'log', '--date=relative', '--format=%s|%ad'], {
    encoding: 'utf8',
    env: { ...process.env, GIT_TEST_DATE_NOW: String(now) },
  });
  for (const line of theirs.trim().split('\n')) {
    const [ago, text] = line.split('|') as [string, string];
    const iso = new Date((now - Number(ago)) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.equal(gitDate(iso, 'relative', now), text, `${ago} seconds before`);
  }
  assert.equal(gitDateWidth('relative'), '4 years, 11 months ago'.length);
});
