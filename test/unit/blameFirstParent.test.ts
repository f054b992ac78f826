import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { blameHistory, gitBlame } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

test('strata blame --first-parent: what git blame --first-parent writes, lines a merge brought in blamed on the merge', async () => {
  const root = tmpDir('blame-first-parent');
  const dir = path.join(root, 'repo');
  const { paths } = blameHistory(dir, 5, 160);
  process.env.STRATA_HOME = path.join(root, 'home');
  const revs = execFileSync('git', ['-C', dir, 'rev-list', '--merges', '-n', '3', 'HEAD'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  let differ = 0;
  const filesAt = (rev: string) =>
    execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', rev], { encoding: 'utf8' })
      .split('\n')
      .filter((p) => paths.includes(p));
  for (const rev of ['HEAD', ...revs])
    for (const file of filesAt(rev)) {
      const want = execFileSync('git', ['-C', dir, 'blame', '--first-parent', '--porcelain', rev, '--', file], { encoding: 'latin1' });
      const run = await runCli(['blame', '--repo', dir, '--path', file, '--rev', rev, '--first-parent', '--porcelain']);
      assert.equal(run.code, 0, `${file} at ${rev}: ${run.err}`);
      assert.equal(run.bytes.toString('latin1'), want, `${file} at ${rev}`);
      // the same history blamed through every parent: some lines go elsewhere (the option is not a no-op here)
      const plain = gitBlame(dir, rev, file).map((l) => l.oid);
      const first = gitBlame(dir, rev, file, ['--first-parent']).map((l) => l.oid);
      differ += plain.filter((oid, i) => oid !== first[i]).length;
    }
  assert.ok(differ > 0, 'merges brought lines in');
  // and the plain blame after it is git's plain blame (nothing kept from the first-parent one)
  const file = filesAt('HEAD')[0]!;
  const plain = await runCli(['blame', '--repo', dir, '--path', file, '--porcelain']);
  assert.equal(
    plain.bytes.toString('latin1'),
    execFileSync('git', ['-C', dir, 'blame', '--porcelain', 'HEAD', '--', file], { encoding: 'latin1' }),
  );
});
