import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { blameHistory } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { collectReport, indexFileHistory } from '../fixtures/openAndRun';
import { renderReport } from '../../main/reports/renderReport';
import { runCli } from '../fixtures/runCli';

/**
 * Without --follow the list ends where the path was added; where it came from another path (a rename, as blame and
 * git log --follow go on into it), the timeline says from which, so the app can offer to follow it.
 */
test('a timeline without --follow says the file its first version was renamed from; with --follow, or never renamed, nothing', async () => {
  const dir = tmpDir('renamed-from');
  const home = tmpDir('renamed-from-home');
  const { paths } = blameHistory(dir, 23, 40);
  assert.ok(paths.length >= 2, 'the fixture renames the file');
  const head = paths.at(-1)!;
  // git's oracle: the rename git log --follow crosses at the oldest commit of the plain list
  const plain = gitLogOids(dir, head);
  const status = execFileSync('git', ['-C', dir, 'log', '--follow', '--name-status', '--format=%H', '--', head], { encoding: 'utf8' });
  const rename = new RegExp(`${plain.at(-1)}\\n\\n(R\\d+)\\t([^\\t\\n]+)\\t${head.replace(/[.]/g, '\\.')}`).exec(status);
  assert.ok(rename, 'git log --follow sees a rename at the plain list’s oldest commit');

  const timeline = await indexFileHistory({ dir, path: head, follow: false, home });
  assert.deepEqual(
    timeline.entries.map((e) => e.oid),
    plain,
  );
  assert.equal(timeline.stats.renamedFrom, rename[2]);
  // from the index too
  const reopened = await indexFileHistory({ dir, path: head, follow: false, home });
  assert.equal(reopened.stats.source, 'disk');
  assert.equal(reopened.stats.renamedFrom, rename[2]);
  const followed = await indexFileHistory({ dir, path: head, follow: true, home });
  assert.equal(followed.stats.renamedFrom, undefined);
  // the first path was never renamed from anything
  const first = await indexFileHistory({ dir, path: paths[0]!, follow: false, home, rev: `${plain.at(-1)}^` });
  assert.equal(first.stats.renamedFrom, undefined);

  // every report says it as the screen does (a report of the list alone would pass for the file's whole history)
  const note = `the list ends where ${head} was renamed from ${rename[2]}; --follow goes on into its history`;
  const report = await collectReport({ dir, path: head, follow: false, home });
  assert.deepEqual(report.notes, [note]);
  assert.deepEqual((JSON.parse(renderReport(report, 'json').content) as { notes: string[] }).notes, [note]);
  assert.ok(renderReport(report, 'md').content.includes(`- Note: the list ends where ${head.replace(/_/g, '\\_')} was renamed`));
  assert.ok(renderReport(report, 'html').content.includes(`<li>Note: the list ends where ${head} was renamed`));
  const followedReport = await collectReport({ dir, path: head, follow: true, home });
  assert.deepEqual(followedReport.notes, []);
  assert.equal((JSON.parse(renderReport(followedReport, 'json').content) as { notes?: string[] }).notes, undefined);

  const saved = process.env.STRATA_HOME;
  process.env.STRATA_HOME = tmpDir('renamed-from-cli');
  try {
    const cli = await runCli(['log', '--repo', dir, '--path', head]);
    assert.equal(cli.code, 0);
    assert.ok(cli.err.includes(`the list ends where ${head} was renamed from ${rename[2]}; --follow goes on`), cli.err);
  } finally {
    if (saved === undefined) delete process.env.STRATA_HOME;
    else process.env.STRATA_HOME = saved;
  }
});
