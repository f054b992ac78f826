import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

test("--path as an absolute path inside --repo (a shell's completion, $PWD/file) is taken relative to it, as git takes it", async () => {
  const root = tmpDir('cli-paths');
  process.env.STRATA_HOME = tmpDir('cli-paths-home');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 9, commits: 30 });
  const absolute = path.join(repo.dir, 'mm', 'hmm.c');
  const log = await runCli(['log', '--repo', repo.dir, '--path', absolute, '--json']);
  assert.equal(log.code, 0, log.err);
  assert.deepEqual(
    (JSON.parse(log.out) as { oid: string }[]).map((e) => e.oid),
    gitOut(repo.dir, ['log', '--format=%H', '--', absolute]).trim().split('\n'),
  );
  const blame = await runCli(['blame', '--repo', repo.dir, '--path', absolute]);
  assert.equal(blame.out, gitOut(repo.dir, ['blame', 'HEAD', '--', absolute]));
  const show = await runCli(['show', '--repo', repo.dir, '--rev', 'HEAD', '--path', absolute]);
  assert.equal(show.out, gitOut(repo.dir, ['show', 'HEAD:mm/hmm.c']));
  // outside the repository, or the repository itself: refused, saying why
  const outside = await runCli(['log', '--repo', repo.dir, '--path', path.join(root, 'elsewhere.c')]);
  assert.equal(outside.code, 1);
  assert.match(outside.err, /is not inside the repository/);
  const top = await runCli(['log', '--repo', repo.dir, '--path', repo.dir]);
  assert.equal(top.code, 1);
  assert.match(top.err, /is the repository's top/);
});
