import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callMethod, NO_HOST } from '../../main/api/callMethod';
import { RepositoryPool } from '../../main/repository/repositoryPool';
import { blameHistory } from '../fixtures/blameHistory';
import { gitOut, tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

/** Each commit (not a merge) of the history with its parent, where the file kept its path: the pairs to diff. */
function samePathPairs(dir: string, paths: readonly string[]): { oid: string; parent: string; path: string }[] {
  const pairs: { oid: string; parent: string; path: string }[] = [];
  for (const line of gitOut(dir, ['log', '--format=%H %P', '--no-merges', '--', ...paths])
    .trim()
    .split('\n')) {
    const [oid, parent] = line.split(' ');
    if (!oid || !parent) continue;
    const path = paths.find((p) => gitOut(dir, ['ls-tree', '--name-only', oid, '--', p]).trim() === p);
    const before = paths.find((p) => gitOut(dir, ['ls-tree', '--name-only', parent, '--', p]).trim() === p);
    if (path && before === path) pairs.push({ oid, parent, path });
  }
  return pairs;
}

test('diffVersions with ignoreWhitespace gives git diff -w: its hunks and its --numstat counts, on a history of whitespace and CRLF edits', async () => {
  const dir = tmpDir('diff-ws');
  const home = tmpDir('diff-ws-home');
  const { paths } = blameHistory(dir, 41, 40);
  const ctx = { home, repositories: new RepositoryPool({ home }) };
  let compared = 0;
  let differ = 0;
  for (const { oid, parent, path } of samePathPairs(dir, paths)) {
    const hunks = (text: string) => text.split('\n').filter((l) => /^[-+ @]/.test(l) && !/^(---|\+\+\+) /.test(l));
    const want = gitOut(dir, ['diff', '-w', parent, oid, '--', path]);
    const got = await callMethod('diffVersions', { dir, path, from: parent, to: oid, ignoreWhitespace: true }, ctx, NO_HOST);
    assert.deepEqual(hunks(got.unified), hunks(want), `git diff -w ${parent.slice(0, 8)} ${oid.slice(0, 8)}`);
    const [additions, deletions] = gitOut(dir, ['diff', '-w', '--numstat', parent, oid, '--', path]).split('\t');
    assert.deepEqual([got.additions, got.deletions], [Number(additions ?? 0), Number(deletions ?? 0)]);
    const plain = await callMethod('diffVersions', { dir, path, from: parent, to: oid }, ctx, NO_HOST);
    if (plain.unified !== got.unified) differ++;
    compared++;
  }
  assert.ok(compared > 20, `${compared} diffs compared`);
  assert.ok(differ > 3, `${differ} of them differ from the diff without -w`);
});

test("strata diff's -b, --ignore-space-at-eol and --ignore-cr-at-eol write what git diff writes with them, on the same history", async () => {
  process.env.STRATA_HOME = tmpDir('diff-ws-rules-home');
  const dir = tmpDir('diff-ws-rules');
  const { paths } = blameHistory(dir, 41, 40);
  const flagSets = [
    ['-b'],
    ['--ignore-space-at-eol'],
    ['--ignore-cr-at-eol'],
    ['-b', '--numstat'],
    ['--ignore-cr-at-eol', '-U1'],
    ['-w', '-b'],
  ];
  const changedBy = new Map<string, number>(flagSets.map((f) => [f.join(' '), 0]));
  let compared = 0;
  for (const { oid, parent, path } of samePathPairs(dir, paths)) {
    const plain = gitOut(dir, ['diff', parent, oid, '--', path]);
    for (const flags of flagSets) {
      const want = gitOut(dir, ['diff', ...flags, parent, oid, '--', path]);
      const r = await runCli(['diff', '--repo', dir, '--path', path, '--from', parent, '--to', oid, ...flags]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, want, `git diff ${flags.join(' ')} ${parent.slice(0, 8)} ${oid.slice(0, 8)}`);
      if (want !== plain && !flags.includes('--numstat')) changedBy.set(flags.join(' '), changedBy.get(flags.join(' '))! + 1);
    }
    compared++;
  }
  assert.ok(compared > 20, `${compared} pairs compared`);
  // each rule changes git's diff somewhere in this history (else the test would pass whatever Strata did)
  for (const [flags, n] of changedBy) if (flags !== '-b --numstat') assert.ok(n > 0, `${flags} changed no diff`);
});
