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

test('without --repo, the repository the current folder is in, and --path from that folder, as git finds them', async () => {
  const root = tmpDir('cli-cwd');
  process.env.STRATA_HOME = tmpDir('cli-cwd-home');
  const repo = generateRepo({ dir: path.join(root, 'repo'), seed: 11, commits: 20 });
  gitOut(repo.dir, ['reset', '-q', '--hard']); // its files checked out: mm/ is a folder to run in
  const expected = gitOut(repo.dir, ['log', '--format=%H', '--', 'mm/hmm.c']).trim().split('\n');
  const oids = (r: { code: number; out: string; err: string }) => {
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { oid: string }[]).map((e) => e.oid);
  };
  // at the top, and in mm/ (a path from there, as git log -- hmm.c takes it there)
  assert.deepEqual(oids(await runCli(['log', '--path', 'mm/hmm.c', '--json'], repo.dir)), expected);
  const mm = path.join(repo.dir, 'mm');
  assert.deepEqual(oids(await runCli(['log', '--path', 'hmm.c', '--json'], mm)), expected);
  const blame = await runCli(['blame', '--path', 'hmm.c'], mm);
  assert.equal(blame.code, 0, blame.err);
  assert.equal(blame.out, gitOut(mm, ['blame', 'HEAD', '--', 'hmm.c']));
  // --repo given: --path is from its top, wherever strata runs
  assert.deepEqual(oids(await runCli(['log', '--repo', repo.dir, '--path', 'mm/hmm.c', '--json'], mm)), expected);
  // a bare clone, run inside it: paths from its top
  const bare = path.join(root, 'bare.git');
  gitOut(root, ['clone', '-q', '--bare', repo.dir, bare]);
  assert.deepEqual(oids(await runCli(['log', '--path', 'mm/hmm.c', '--json'], bare)), expected);
  // nowhere near a repository: said so, with what to do
  const outside = await runCli(['log', '--path', 'mm/hmm.c'], tmpDir('cli-cwd-none'));
  assert.equal(outside.code, 1);
  assert.match(outside.err, /is not inside a git repository; give one with --repo DIR/);
});
