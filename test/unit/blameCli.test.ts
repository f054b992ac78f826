import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { runCli } from '../fixtures/runCli';

const run = runCli;

test('strata blame: --json and the plain layout equal git blame, at HEAD and at an older revision, across renames', async () => {
  const dir = tmpDir('blame-cli');
  process.env.STRATA_HOME = tmpDir('blame-cli-home');
  const { paths } = blameHistory(dir, 31, 40);
  const path = paths[paths.length - 1]!;
  const json = await run(['blame', '--repo', dir, '--path', path, '--json']);
  assert.equal(json.code, 0, json.err);
  const want = gitBlame(dir, 'HEAD', path).map((l, i) => ({ line: i + 1, oid: l.oid, origLine: l.origLine, origPath: l.origPath }));
  assert.deepEqual(JSON.parse(json.out), want);
  assert.ok(want.some((l) => l.origPath !== path));

  const plain = await run(['blame', '--repo', dir, '--path', path]);
  assert.equal(plain.out, gitOut(dir, ['blame', 'HEAD', '--', path]));

  const older = gitOut(dir, ['rev-list', '-n1', 'HEAD~5', '--', path]).trim();
  const atOlder = await run(['blame', '--repo', dir, '--path', path, '--rev', older, '--json']);
  assert.deepEqual(
    (JSON.parse(atOlder.out) as { oid: string }[]).map((l) => l.oid),
    gitBlame(dir, older, path).map((l) => l.oid),
  );

  const missing = await run(['blame', '--repo', dir, '--path', 'no/such.c']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no\/such\.c/);
});

test("the blame API method answers the same lines, with each commit's author and summary", async () => {
  const dir = tmpDir('blame-api');
  const { paths } = blameHistory(dir, 32, 30);
  const path = paths[paths.length - 1]!;
  const home = tmpDir('blame-api-home');
  const result = await callMethod('blame', { dir, path }, { home, repositories: new RepositoryPool({ home }) }, NO_HOST);
  assert.deepEqual(
    result.lines.map((l) => l.oid),
    gitBlame(dir, 'HEAD', path).map((l) => l.oid),
  );
  for (const oid of new Set(result.lines.map((l) => l.oid))) {
    assert.equal(result.commits[oid]!.summary, gitOut(dir, ['log', '-1', '--format=%s', oid]).trim());
  }
});
