import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { blameHistory } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { gitNumstat } from '../fixtures/gitOracle';
import { collectReport, indexFileHistory } from '../fixtures/openAndRun';

// seeds whose histories have versions that myers and the other algorithm count differently
for (const [algorithm, seed] of [
  ['patience', 41],
  ['histogram', 45],
] as const) {
  test(`the timeline's counts follow the repository's diff.algorithm=${algorithm}, as git log --numstat does`, async () => {
    const dir = tmpDir(`diff-algorithm-${algorithm}`);
    const home = tmpDir('diff-algorithm-home');
    const { paths } = blameHistory(dir, seed, 120);
    const path = paths[paths.length - 1]!;
    const myers = gitNumstat(dir, path, true);
    // indexed once under myers: the stored counts must not be reused once the setting changes
    const before = await indexFileHistory({ dir, path, follow: true, home });
    for (const e of before.entries) if (myers.has(e.oid)) assert.equal(e.additions, myers.get(e.oid)!.additions, e.oid);
    execFileSync('git', ['-C', dir, 'config', 'diff.algorithm', algorithm]);
    const want = gitNumstat(dir, path, true);
    const timeline = await indexFileHistory({ dir, path, follow: true, home });
    let compared = 0;
    let differ = 0;
    for (const e of timeline.entries) {
      const row = want.get(e.oid);
      if (!row) continue;
      assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], `${e.oid} ${e.subject}`);
      const m = myers.get(e.oid)!;
      if (m.additions !== row.additions || m.deletions !== row.deletions) differ++;
      compared++;
    }
    assert.ok(compared > 80, `${compared} entries compared`);
    assert.ok(differ > 0, `no entry's counts differ between myers and ${algorithm}: the test shows nothing`);
    // the report's diffs are the same diff: git diff's hunks under the setting, where myers gives others
    const report = await collectReport({ dir, path, follow: true, home });
    let hunksCompared = 0;
    for (const { entry, diff } of report.commits) {
      const m = myers.get(entry.oid);
      const row = want.get(entry.oid);
      if (!m || !row || (m.additions === row.additions && m.deletions === row.deletions) || entry.parents.length !== 1 || entry.oldPath)
        continue;
      const gitDiff = execFileSync('git', ['-C', dir, 'diff', entry.parents[0]!, entry.oid, '--', entry.path], {
        encoding: 'utf8',
      });
      const hunks = (text: string) => text.slice(text.indexOf('\n@@') + 1);
      assert.equal(hunks(diff), hunks(gitDiff), `${entry.oid}: the report's hunks are git diff's`);
      hunksCompared++;
    }
    assert.ok(hunksCompared > 0, 'some report diffs compared');
  });
}
