import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateRepo, gitOut, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids, gitNumstat } from '../fixtures/gitOracle';
import { indexFileHistory } from '../fixtures/openAndRun';

const scenarios = [
  { name: 'plain', seed: 1, commits: 300, renamedFrom: undefined, targetKind: 'c' as const },
  { name: 'renamed', seed: 7, commits: 400, renamedFrom: 'mm/hmm_core.c', targetKind: 'c' as const },
  { name: 'crlf', seed: 23, commits: 250, renamedFrom: 'drivers/gpu/hmm.c', targetKind: 'crlf' as const },
  { name: 'latin1', seed: 99, commits: 250, renamedFrom: undefined, targetKind: 'latin1' as const, bare: true },
];

for (const s of scenarios) {
  test(`index equals git log on generated repository "${s.name}"`, async () => {
    const root = tmpDir(`parity-${s.name}`);
    const repo = generateRepo({
      dir: path.join(root, 'repo'),
      seed: s.seed,
      commits: s.commits,
      renamedFrom: s.renamedFrom,
      targetKind: s.targetKind,
      bare: s.bare ?? false,
    });
    const home = path.join(root, 'home');
    const paths = [repo.target, 'drivers/gpu/drm/notes_crlf.txt', 'firmware/hmm_fw.bin', 'mm', ...(s.renamedFrom ? [s.renamedFrom] : [])];
    for (const p of paths) {
      for (const follow of p === 'mm' ? [false] : [false, true]) {
        const timeline = await indexFileHistory({ dir: repo.dir, path: p, follow, home });
        const oids = timeline.entries.map((e) => e.oid);
        assert.deepEqual(oids, gitLogOids(repo.dir, p, follow), `${p} follow=${follow}`);
        const numstat = gitNumstat(repo.dir, p, follow);
        for (const e of timeline.entries) {
          const row = numstat.get(e.oid);
          if (!row || p === 'mm') continue; // merges print no numstat; a directory prints one row per file
          assert.deepEqual([e.additions, e.deletions], [row.additions, row.deletions], `numstat of ${e.oid} for ${p}`);
        }
      }
    }
    const log = indexFileHistory({ dir: repo.dir, path: repo.target, home });
    const first = (await log).entries[0]!;
    const [author, email, date, subject] = gitOut(repo.dir, ['log', '-1', '--format=%an%x00%ae%x00%aI%x00%s', first.oid])
      .trim()
      .split('\0');
    assert.deepEqual([first.author.name, first.author.email, first.author.date, first.subject], [author, email, date, subject]);
  });
}
