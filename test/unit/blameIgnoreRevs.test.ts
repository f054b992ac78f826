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
