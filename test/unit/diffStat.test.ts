import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

/** git diff's --stat options, each against git's own output for the same pair. */
const STAT_SETS: readonly (readonly string[])[] = [
  ['--stat'],
  ['--stat=50'],
  ['--stat=25'],
  ['--stat=100,20'],
  ['--stat-width=40'],
  ['--stat-name-width=12'],
  ['--stat-graph-width=10'],
  ['--shortstat'],
  ['--numstat', '--stat'],
  ['--stat', '--shortstat'],
  ['--stat', '-U1'],
  ['--stat', '-w'],
];

test('strata diff --stat and --shortstat write what git diff writes: names cut to fit, bars scaled, binary sizes, quoted names', async () => {
  process.env.STRATA_HOME = tmpDir('diff-stat-home');
  const dir = path.join(tmpDir('diff-stat'), 'repo');
  const git = (args: string[], config: string[] = []) =>
    execFileSync('git', ['-C', dir, ...config, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  fs.mkdirSync(dir, { recursive: true });
  git(['init', '-q']);
  git(['config', 'user.name', 'T']);
  git(['config', 'user.email', 't@example.org']);
  const deep = 'very/deeply/nested/folder/structure/for/testing/a_rather_long_file_name_for_the_stat.c';
  // cut to fit, its name starts at a slash
  const shallowDeep = 'a/b/c/d/e/f/g/h/i/j/short.c';
  const write = (file: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), data);
  };
  const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + seed * 7) % 256));
  const lines = (from: number, to: number, step = 1) =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => `${from + i * step}\n`).join('');
  write(deep, lines(1, 50));
  write('bin.dat', bytes(3000, 1));
  write('naïve café.txt', 'x\n');
  write('mode.sh', 'y\n');
  write(shallowDeep, 'a\n');
  git(['add', '.']);
  git(['commit', '-qm', 'one']);
  write(deep, lines(1, 299, 2));
  write('bin.dat', bytes(5000, 2));
  write('naïve café.txt', 'x\nz\n');
  fs.chmodSync(path.join(dir, 'mode.sh'), 0o755);
  write('added.txt', 'new\n');
  write(shallowDeep, 'a\nb\n');
  git(['add', '.']);
  git(['commit', '-qm', 'two']);
  git(['rm', '-q', 'bin.dat']);
  git(['commit', '-qm', 'three']);
  const pairs = [
    ['HEAD~2', 'HEAD~1'],
    ['HEAD~1', 'HEAD'],
    ['HEAD~2', 'HEAD'],
  ] as const;
  // the cases mean something: a name cut to fit, a binary file's sizes, a quoted name, a mode change alone
  assert.match(git(['diff', '--stat=25', 'HEAD~2', 'HEAD~1', '--', deep]), /^ \.\.\._stat\.c \|/);
  assert.match(git(['diff', '--stat-name-width=12', 'HEAD~2', 'HEAD~1', '--', shallowDeep]), /^ \.\.\.\/short\.c +\|/);
  assert.match(git(['diff', '--stat', 'HEAD~1', 'HEAD', '--', 'bin.dat']), /Bin 5000 -> 0 bytes/);
  assert.match(git(['diff', '--stat', 'HEAD~2', 'HEAD~1', '--', 'naïve café.txt']), /"na\\303\\257ve caf\\303\\251.txt"/);
  assert.match(git(['diff', '--stat', 'HEAD~2', 'HEAD~1', '--', 'mode.sh']), /mode\.sh \| 0\n/);
  const [major, minor] = git(['version'])
    .match(/(\d+)\.(\d+)/)!
    .slice(1)
    .map(Number) as [number, number];
  const splitsCharacters = major < 2 || (major === 2 && minor < 54);
  let compared = 0;
  for (const quotePath of ['true', 'false']) {
    git(['config', 'core.quotePath', quotePath]);
    for (const file of [deep, shallowDeep, 'bin.dat', 'naïve café.txt', 'mode.sh', 'added.txt'])
      for (const [from, to] of pairs)
        for (const opts of STAT_SETS) {
          const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to, ...opts]);
          assert.equal(r.code, 0, r.err);
          const want = git(['diff', ...opts, from, to, '--', file]);
          // a name git writes unquoted, cut to fit: git before 2.54 cut it by bytes, through a character ("...e café.txt"
          // where 9 columns were left); 2.54 cuts whole characters, as Strata does
          if (splitsCharacters && quotePath === 'false' && want.startsWith(' ...') && /[^ -~]/.test(file))
            assert.equal(r.out, ' ... café.txt | 1 +\n 1 file changed, 1 insertion(+)\n', `${opts.join(' ')} ${file} ${from}..${to}`);
          else assert.equal(r.out, want, `${opts.join(' ')} ${file} ${from}..${to} quotePath ${quotePath}`);
          compared++;
        }
  }
  assert.equal(compared, 2 * 6 * 3 * STAT_SETS.length);
  // the configured limit of the bar; of the name too, where git reads it (diff.statNameWidth came in 2.42)
  git(['config', 'diff.statGraphWidth', '7']);
  const graphOnly = await runCli(['diff', '--repo', dir, '--path', deep, '--from', 'HEAD~2', '--to', 'HEAD', '--stat']);
  assert.equal(graphOnly.out, git(['diff', '--stat', 'HEAD~2', 'HEAD', '--', deep]));
  assert.match(graphOnly.out, /\| 150 \+{5}-{2}\n/);
  git(['config', 'diff.statNameWidth', '15']);
  const configured = await runCli(['diff', '--repo', dir, '--path', deep, '--from', 'HEAD~2', '--to', 'HEAD', '--stat']);
  assert.match(configured.out, /^ \.\.\.[^|]{12} \| 150 \+{5}-{2}\n/);
  if (major > 2 || minor >= 42) assert.equal(configured.out, git(['diff', '--stat', 'HEAD~2', 'HEAD', '--', deep]));

  const bad = await runCli(['diff', '--repo', dir, '--path', deep, '--from', 'HEAD~1', '--to', 'HEAD', '--stat=80x']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /invalid --stat value: 80x/);
});

test('strata diff --stat scales the bar as git does over a history of large and small changes', async () => {
  process.env.STRATA_HOME = tmpDir('diff-stat-scale-home');
  const dir = path.join(tmpDir('diff-stat-scale'), 'repo');
  const file = 'src/a/file/in/a/folder.c';
  const versions = 16;
  commitVersions(dir, file, editedVersions(31, versions, { startLines: 300, maxLines: 900 }));
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });
  for (let k = 0; k + 1 < versions; k++)
    for (const opts of [['--stat'], ['--stat=30'], ['--stat-graph-width=3'], ['--stat=60,8']]) {
      const [from, to] = [`HEAD~${k + 1}`, `HEAD~${k}`];
      const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to, ...opts]);
      assert.equal(r.out, git(['diff', ...opts, from, to, '--', file]), `${opts.join(' ')}: ${from}..${to}`);
    }
});
