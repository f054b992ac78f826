import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { blameHistory } from '../fixtures/blameHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

const gitLogL = (dir: string, args: string[]) =>
  execFileSync('git', ['-C', dir, 'log', ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });

test('strata log --lines --first-parent: what git log -L --first-parent writes, a merge seen from its first parent alone', async () => {
  const root = tmpDir('line-log-first-parent');
  const dir = path.join(root, 'repo');
  const { paths } = blameHistory(dir, 7, 200);
  process.env.STRATA_HOME = path.join(root, 'home');
  const file = execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8' })
    .split('\n')
    .find((p) => paths.includes(p))!;
  const length = execFileSync('git', ['-C', dir, 'show', `HEAD:${file}`], { encoding: 'latin1' }).split('\n').length - 1;
  const merge = execFileSync('git', ['-C', dir, 'rev-list', '--merges', '-n', '1', 'HEAD'], { encoding: 'utf8' }).trim();
  const step = Math.max(1, Math.floor(length / 6));
  const cases: { strata: string[]; git: string[] }[] = [];
  for (let start = 1; start + 4 <= length; start += step) {
    const lines = `${start},${Math.min(length, start + step)}`;
    cases.push({ strata: ['--lines', lines], git: ['-L', `${lines}:${file}`] });
  }
  cases.push(
    { strata: ['--lines', `1,${length}`], git: ['-L', `1,${length}:${file}`] },
    { strata: ['--lines', '1,20', '--rev', `${merge}~3..HEAD`], git: ['-L', `1,20:${file}`, `${merge}~3..HEAD`] },
  );
  let listedMerges = 0;
  let otherwise = 0;
  for (const c of cases) {
    const want = gitLogL(dir, [...c.git, '--first-parent']);
    const run = await runCli(['log', '--repo', dir, '--path', file, ...c.strata, '--first-parent']);
    assert.equal(run.code, 0, `${c.strata.join(' ')}: ${run.err}`);
    assert.equal(run.bytes.toString('latin1'), want, c.strata.join(' '));
    listedMerges += want.split('\n').filter((l) => l.startsWith('Merge: ')).length;
    if (want !== gitLogL(dir, c.git)) otherwise++;
  }
  // the history has what makes the option matter: merges listed, and lists that differ from the plain -L's
  assert.ok(listedMerges > 0, 'a merge that changed the lines against its first parent is listed');
  assert.ok(otherwise > 0, 'some ranges are followed otherwise through all parents');
  // and the plain -L after it is git's (nothing of the first-parent walk kept)
  const plain = await runCli(['log', '--repo', dir, '--path', file, '--lines', `1,${length}`]);
  assert.equal(plain.bytes.toString('latin1'), gitLogL(dir, ['-L', `1,${length}:${file}`]));
});
