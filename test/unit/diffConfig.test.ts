import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { gitBlame } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

test("diff.indentHeuristic = false, diff.context, diff.interHunkContext and diff.noprefix: strata diff, blame and reports as git's, where git's hunks move", async () => {
  process.env.STRATA_HOME = tmpDir('diff-config-home');
  const dir = path.join(tmpDir('diff-config'), 'repo');
  const file = 'f.c';
  const versions = 40;
  commitVersions(dir, file, editedVersions(11, versions, { startLines: 120, maxLines: 600 }));
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });
  const pairs = Array.from({ length: versions - 1 }, (_, k) => [`HEAD~${k + 1}`, `HEAD~${k}`] as const);
  // the test means something: without the heuristic git places some changes elsewhere
  const moved = pairs.filter(([a, b]) => git(['diff', a, b]) !== git(['-c', 'diff.indentHeuristic=false', 'diff', a, b]));
  assert.ok(moved.length > 0, 'some diff changes without the indent heuristic');
  git(['config', 'diff.indentHeuristic', 'false']);
  git(['config', 'diff.context', '5']);
  git(['config', 'diff.interHunkContext', '2']);
  for (const [from, to] of pairs) {
    const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, git(['diff', from, to, '--', file]), `${from}..${to}`);
  }
  // blame follows the heuristic too (not diff.context): git blame's rows at a few versions, HEAD's among them moved
  const porcelain = (on: boolean) => git(['-c', `diff.indentHeuristic=${on}`, 'blame', '--porcelain', 'HEAD', '--', file]);
  assert.notEqual(porcelain(true), porcelain(false), "git's blame at HEAD moves without the heuristic");
  for (const rev of ['HEAD', 'HEAD~7', 'HEAD~19']) {
    const r = await runCli(['blame', '--repo', dir, '--path', file, '--rev', rev, '--json']);
    assert.equal(r.code, 0, r.err);
    const rows = JSON.parse(r.out) as { oid: string; origLine: number }[];
    assert.deepEqual(
      rows.map((l) => `${l.oid} ${l.origLine}`),
      gitBlame(dir, rev, file).map((l) => `${l.oid} ${l.origLine}`),
      `blame at ${rev}`,
    );
  }
  // a report's diffs are git show's
  const out = path.join(dir, '..', 'report.json');
  const report = await runCli(['export', '--repo', dir, '--path', file, '--format', 'json', '--out', out]);
  assert.equal(report.code, 0, report.err);
  const hunks = (text: string) => text.slice(text.indexOf('@@'));
  const { commits } = JSON.parse(fs.readFileSync(out, 'utf8')) as { commits: { oid: string; diff: string }[] };
  assert.equal(commits.length, versions);
  for (const c of commits.slice(0, -1))
    assert.equal(hunks(c.diff), hunks(git(['show', '--format=', c.oid, '--', file])), `report: ${c.oid}`);

  // diff.noprefix: no a/ and b/ before the paths, in the header, the labels and reports
  git(['config', 'diff.noprefix', 'true']);
  for (const [from, to] of pairs.slice(0, 4)) {
    const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to]);
    const want = git(['diff', from, to, '--', file]);
    assert.match(want, /^diff --git f\.c f\.c\n/);
    assert.equal(r.out, want, `diff.noprefix: ${from}..${to}`);
  }
  const bare = path.join(dir, '..', 'report-noprefix.json');
  assert.equal((await runCli(['export', '--repo', dir, '--path', file, '--format', 'json', '--out', bare])).code, 0);
  const labels = (text: string) => text.slice(text.indexOf('--- '));
  const newest = (JSON.parse(fs.readFileSync(bare, 'utf8')) as { commits: { oid: string; diff: string }[] }).commits[0]!;
  assert.equal(labels(newest.diff), labels(git(['show', '--format=', newest.oid, '--', file])), 'report: diff.noprefix');
});
