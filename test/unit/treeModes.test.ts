import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { runCli } from '../fixtures/runCli';
import { canonicalMode } from '../../main/objects/parseTree';

test("a tree mode no longer written (100744) reads as git's canon_mode: timeline, blame and diff equal git's", async () => {
  assert.deepEqual(['100644', '100744', '100664', '100600', '100755', '40000', '120000', '160000'].map(canonicalMode), [
    '100644',
    '100755',
    '100644',
    '100644',
    '100755',
    '040000',
    '120000',
    '160000',
  ]);
  process.env.STRATA_HOME = tmpDir('tree-modes-home');
  const dir = path.join(tmpDir('tree-modes'), 'repo');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e' };
  const git = (args: string[], input?: Buffer | string) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) }).trim();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const blob = (text: string) => git(['hash-object', '-w', '--stdin'], text);
  // a tree as an old tool wrote it: git hash-object --literally takes the mode as given
  const tree = (mode: string, oid: string) =>
    git(
      ['hash-object', '-w', '-t', 'tree', '--literally', '--stdin'],
      Buffer.concat([Buffer.from(`${mode} f.c\0`), Buffer.from(oid, 'hex')]),
    );
  const commit = (t: string, message: string, ...parents: string[]) =>
    git(['commit-tree', t, ...parents.flatMap((p) => ['-p', p])], message);
  const base = commit(tree('100644', blob('a\nb\n')), 'base');
  const side = commit(tree('100744', blob('a\nb\nc\n')), 'side', base);
  const main = commit(tree('100644', blob('z\na\nb\n')), 'main', base);
  // the merge takes the side's file, its mode written as git writes it: the same file as the side's, for git
  const merge = commit(tree('100755', blob('a\nb\nc\n')), 'merge takes the side', main, side);
  git(['update-ref', 'refs/heads/main', merge]);
  const want = gitLogOids(dir, 'f.c');
  assert.deepEqual(want, [side, base], 'git passes over the merge (and main, which it left behind)');
  const log = await runCli(['log', '--repo', dir, '--path', 'f.c', '--json']);
  assert.equal(log.code, 0, log.err);
  assert.deepEqual(
    (JSON.parse(log.out) as { oid: string }[]).map((e) => e.oid),
    want,
  );
  const blame = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--porcelain']);
  assert.equal(blame.code, 0, blame.err);
  assert.equal(blame.out, `${git(['blame', '--porcelain', 'HEAD', '--', 'f.c'])}\n`);
  for (const [from, to] of [
    [base, side],
    [side, merge],
    [main, merge],
  ] as const) {
    const diff = await runCli(['diff', '--repo', dir, '--path', 'f.c', '--from', from, '--to', to]);
    assert.equal(diff.code, 0, diff.err);
    const expected = git(['diff', from, to, '--', 'f.c']);
    assert.equal(diff.out, expected ? `${expected}\n` : '', `git diff ${from.slice(0, 7)} ${to.slice(0, 7)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
