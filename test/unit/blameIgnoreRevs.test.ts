import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { openRepository } from '../../main/repository/repository';
import { blameFile } from '../../main/blame/blameFile';
import { runCli } from '../fixtures/runCli';

/** A history whose last commits reformat the file (tabs to spaces: whitespace only), then edit it again. */
function withFormattingCommit(dir: string, seed: number): { file: string; formatting: string } {
  blameHistory(dir, seed, 40);
  const file = gitOut(dir, ['ls-tree', '-r', '--name-only', 'HEAD'])
    .split('\n')
    .find((p) => p.endsWith('.c'))!;
  const at = path.join(dir, file);
  const commit = (message: string) => {
    gitOut(dir, ['add', '-A']);
    gitOut(dir, ['-c', 'user.name=F', '-c', 'user.email=f@example.com', 'commit', '-q', '-m', message]);
    return gitOut(dir, ['rev-parse', 'HEAD']).trim();
  };
  gitOut(dir, ['checkout', '-q', '-f', 'HEAD']);
  fs.writeFileSync(
    at,
    fs.readFileSync(at, 'latin1').replace(/^\t+/gm, (tabs) => '    '.repeat(tabs.length)),
    'latin1',
  );
  const formatting = commit('Reformat: tabs to spaces');
  const lines = fs.readFileSync(at, 'latin1').split('\n');
  lines.splice(Math.floor(lines.length / 2), 1, '    after_format();');
  fs.writeFileSync(at, lines.join('\n'), 'latin1');
  commit('An edit after the reformatting');
  return { file, formatting };
}

for (const seed of [31, 32]) {
  test(`blame --ignore-rev of a formatting-only commit equals git's (seed ${seed})`, async () => {
    const dir = tmpDir(`blame-ignore-${seed}`);
    const { file, formatting } = withFormattingCommit(dir, seed);
    const repo = await openRepository({ dir, home: tmpDir('blame-home') });
    const want = gitBlame(dir, 'HEAD', file, ['--ignore-rev', formatting]);
    const got = await blameFile({ repo, path: file, ignoreRevs: new Set([formatting]) });
    assert.deepEqual(
      got.map((l) => [l.oid, l.origLine, l.origPath]),
      want.map((l) => [l.oid, l.origLine, l.origPath]),
    );
    // the reformatting is everywhere without the option, and nowhere with it
    const plain = await blameFile({ repo, path: file });
    assert.ok(plain.filter((l) => l.oid === formatting).length > 5);
    assert.ok(want.filter((l) => l.oid === formatting).length < plain.filter((l) => l.oid === formatting).length / 2);
    repo.close();
  });
}

test('strata blame --ignore-rev, --ignore-revs-file and blame.ignoreRevsFile equal git blame with the same', async () => {
  const dir = tmpDir('blame-ignore-cli');
  process.env.STRATA_HOME = tmpDir('blame-ignore-cli-home');
  const { file, formatting } = withFormattingCommit(dir, 33);
  const oids = (out: string) => (JSON.parse(out) as { oid: string }[]).map((l) => l.oid);
  const gitOids = (extra: string[]) => gitBlame(dir, 'HEAD', file, extra).map((l) => l.oid);
  const byRev = await runCli(['blame', '--repo', dir, '--path', file, '--ignore-rev', formatting.slice(0, 10), '--json']);
  assert.equal(byRev.code, 0, byRev.err);
  assert.deepEqual(oids(byRev.out), gitOids(['--ignore-rev', formatting]));
  assert.notDeepEqual(oids(byRev.out), gitOids([]));

  const list = path.join(dir, '.git-blame-ignore-revs');
  fs.writeFileSync(list, `# reformatting\n${formatting}\n\n`);
  const byFile = await runCli(['blame', '--repo', dir, '--path', file, '--ignore-revs-file', list, '--json']);
  assert.deepEqual(oids(byFile.out), gitOids(['--ignore-revs-file', list]));

  // the repository's config, as git reads it; --no-ignore-revs-file turns it off
  gitOut(dir, ['config', 'blame.ignoreRevsFile', '.git-blame-ignore-revs']);
  const byConfig = await runCli(['blame', '--repo', dir, '--path', file, '--json']);
  assert.deepEqual(oids(byConfig.out), gitOids([]));
  assert.deepEqual(oids(byConfig.out), gitOids(['--ignore-rev', formatting]));
  const without = await runCli(['blame', '--repo', dir, '--path', file, '--no-ignore-revs-file', '--json']);
  assert.deepEqual(oids(without.out), gitOids(['--no-ignore-revs-file']));

  // several entries: git keeps them sorted, so an empty one drops nothing, and a missing one fails wherever it is
  gitOut(dir, ['config', '--add', 'blame.ignoreRevsFile', '']);
  const reset = await runCli(['blame', '--repo', dir, '--path', file, '--json']);
  assert.deepEqual(oids(reset.out), gitOids([]));
  assert.deepEqual(oids(reset.out), gitOids(['--ignore-rev', formatting]));
  gitOut(dir, ['config', '--unset-all', 'blame.ignoreRevsFile']);
  for (const value of ['no-such-list', '', '.git-blame-ignore-revs']) gitOut(dir, ['config', '--add', 'blame.ignoreRevsFile', value]);
  assert.notEqual(spawnSync('git', ['-C', dir, 'blame', '--porcelain', 'HEAD', '--', file]).status, 0);
  const missing = await runCli(['blame', '--repo', dir, '--path', file, '--json']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.err, /no-such-list/);
  gitOut(dir, ['config', '--unset-all', 'blame.ignoreRevsFile']);
  gitOut(dir, ['config', 'blame.ignoreRevsFile', '.git-blame-ignore-revs']);

  fs.writeFileSync(list, 'not-an-id\n');
  const bad = await runCli(['blame', '--repo', dir, '--path', file, '--json']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /line 1: "not-an-id" is not a full commit id/);
});

/** git blame's lines with its marks: `*` unblamable, `?` ignored (blame.markUnblamableLines, blame.markIgnoredLines). */
function gitBlameMarked(dir: string, rev: string, file: string, ignored: readonly string[]) {
  const out = spawnSync(
    'git',
    [
      '-C',
      dir,
      '-c',
      'blame.markIgnoredLines=true',
      '-c',
      'blame.markUnblamableLines=true',
      'blame',
      '-l',
      '-s',
      ...ignored.flatMap((r) => ['--ignore-rev', r]),
      rev,
      '--',
      file,
    ],
    { encoding: 'latin1', maxBuffer: 1 << 30 },
  ).stdout;
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const head = l.slice(0, 3);
      return { ignored: head.includes('?'), unblamable: head.includes('*') };
    });
}

/**
 * Commits that change lines beyond whitespace and unevenly (a line split in two, two joined, words renamed, a
 * case changed, Latin-1 letters, lines added and removed in the same hunk): what git's fuzzy matching of an ignored commit's
 * lines to its parent's is for.
 */
function withRewordingCommits(dir: string, seed: number): { file: string; ignored: string[] } {
  blameHistory(dir, seed, 40);
  const file = gitOut(dir, ['ls-tree', '-r', '--name-only', 'HEAD'])
    .split('\n')
    .find((p) => p.endsWith('.c'))!;
  const at = path.join(dir, file);
  gitOut(dir, ['checkout', '-q', '-f', 'HEAD']);
  const commit = (message: string) => {
    gitOut(dir, ['add', '-A']);
    gitOut(dir, ['-c', 'user.name=F', '-c', 'user.email=f@example.com', 'commit', '-q', '-m', message]);
    return gitOut(dir, ['rev-parse', 'HEAD']).trim();
  };
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const reword = (salt: string) => {
    const lines = fs.readFileSync(at, 'latin1').split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const r = random();
      if (r < 0.08 && l.includes('(')) out.push(...l.split('('), `/* ${salt} */`);
      else if (r < 0.14 && i + 1 < lines.length) out.push(`${l} ${lines[++i]!}`);
      else if (r < 0.24) out.push(l.replace(/line_/g, `${salt}_line_`));
      else if (r < 0.3) out.push(l.toUpperCase());
      else if (r < 0.33) out.push(`${salt}_added_${i}();`, l);
      else if (r < 0.35) continue;
      // bytes over 0x7f, which git's fingerprints read as signed chars
      else if (r < 0.45) out.push(l.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + (salt === 'first' ? 0x80 : 0x60))));
      else out.push(l);
    }
    fs.writeFileSync(at, out.join('\n'), 'latin1');
  };
  reword('first');
  const first = commit('Reword: split, join, rename');
  reword('second');
  const second = commit('Reword again, right after');
  const lines = fs.readFileSync(at, 'latin1').split('\n');
  lines.splice(Math.floor(lines.length / 3), 2, 'after_rewording();');
  fs.writeFileSync(at, lines.join('\n'), 'latin1');
  commit('An edit after the rewording');
  return { file, ignored: [first, second] };
}

for (const seed of [41, 42, 43]) {
  test(`blame --ignore-rev of commits that reword lines unevenly equals git's, lines and ? * marks (seed ${seed})`, async () => {
    const dir = tmpDir(`blame-ignore-uneven-${seed}`);
    const { file, ignored } = withRewordingCommits(dir, seed);
    const repo = await openRepository({ dir, home: tmpDir('blame-home') });
    try {
      for (const set of [[ignored[0]!], [ignored[1]!], ignored]) {
        const want = gitBlame(
          dir,
          'HEAD',
          file,
          set.flatMap((r) => ['--ignore-rev', r]),
        );
        const marks = gitBlameMarked(dir, 'HEAD', file, set);
        const got = await blameFile({ repo, path: file, ignoreRevs: new Set(set) });
        assert.deepEqual(
          got.map((l) => [l.oid, l.origLine]),
          want.map((l) => [l.oid, l.origLine]),
          `ignoring ${set.join(' ')}`,
        );
        assert.deepEqual(
          got.map((l) => ({ ignored: l.ignored ?? false, unblamable: l.unblamable ?? false })),
          marks,
        );
        assert.ok(
          marks.some((m) => m.ignored),
          'some line was passed on by guess',
        );
      }
      // the plain layout with the repository's marks, as git prints it
      gitOut(dir, ['config', 'blame.markIgnoredLines', 'true']);
      gitOut(dir, ['config', 'blame.markUnblamableLines', 'yes']);
      process.env.STRATA_HOME = tmpDir('blame-ignore-uneven-home');
      const plain = await runCli(['blame', '--repo', dir, '--path', file, '--ignore-rev', ignored[0]!, '--ignore-rev', ignored[1]!]);
      assert.equal(plain.code, 0, plain.err);
      const git = gitOut(dir, ['blame', '--ignore-rev', ignored[0]!, '--ignore-rev', ignored[1]!, 'HEAD', '--', file]);
      // (up to each line's text: the file has Latin-1 bytes, which the two decode differently)
      const gutter = (out: string) => out.split('\n').map((l) => l.slice(0, l.indexOf(') ') + 1));
      assert.deepEqual(gutter(plain.out), gutter(git));
      assert.match(plain.out, /^\?/m);
    } finally {
      repo.close();
    }
  });
}
