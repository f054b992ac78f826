import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

/** git diff's options on the command line, each against git's own output for the same pairs of versions. */
const OPTION_SETS: readonly (readonly string[])[] = [
  ['--minimal'],
  ['--patience'],
  ['--histogram'],
  ['--diff-algorithm=patience'],
  ['--diff-algorithm', 'histogram'],
  ['-U0'],
  ['-U7'],
  ['--unified=1', '--patience'],
  ['--inter-hunk-context=4'],
  ['--no-indent-heuristic'],
  ['-w'],
  ['--ignore-all-space', '-U1'],
  ['--numstat'],
  ['-w', '--numstat'],
  ['-U0', '--numstat'],
  ['-W'],
  ['--function-context', '-U0'],
  ['-W', '-U1', '--patience'],
];

test("strata diff takes git diff's algorithm, context, heuristic, -w and --numstat options and writes what git writes", async () => {
  process.env.STRATA_HOME = tmpDir('diff-options-home');
  const dir = path.join(tmpDir('diff-options'), 'repo');
  const file = 'f.c';
  const versions = 30;
  commitVersions(dir, file, editedVersions(23, versions, { startLines: 150, maxLines: 700 }));
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'latin1', maxBuffer: 1 << 28 });
  const pairs = Array.from({ length: versions - 1 }, (_, k) => [`HEAD~${k + 1}`, `HEAD~${k}`] as const);
  // the test means something: each option changes git's output for some pair
  for (const opts of OPTION_SETS) {
    const changes = pairs.some(([a, b]) => git(['diff', ...opts, a, b, '--', file]) !== git(['diff', a, b, '--', file]));
    assert.ok(changes || opts.includes('--numstat'), `git diff ${opts.join(' ')} differs from git diff for some pair`);
  }
  assert.ok(
    pairs.some(([a, b]) => git(['diff', '-w', a, b, '--', file]) === ''),
    'some pair differs in white space only: git diff -w writes nothing for it',
  );
  for (const opts of OPTION_SETS)
    for (const [from, to] of pairs) {
      const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to, ...opts]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, git(['diff', ...opts, from, to, '--', file]), `${opts.join(' ')}: ${from}..${to}`);
    }

  // -W by a diff driver's function lines (the repository's attributes name it, its config gives its xfuncname)
  const byDefaultRule = pairs.map(([from, to]) => git(['diff', '-W', from, to, '--', file]));
  const info = path.resolve(dir, git(['rev-parse', '--git-dir']).trim(), 'info');
  fs.mkdirSync(info, { recursive: true });
  fs.writeFileSync(path.join(info, 'attributes'), '*.c diff=strata\n');
  git(['config', 'diff.strata.xfuncname', '^if [(]x[0-2][)].*$']);
  let byDriver = 0;
  for (const [k, [from, to]] of pairs.entries()) {
    const want = git(['diff', '-W', from, to, '--', file]);
    const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to, '-W']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, want, `-W, the driver's function lines: ${from}..${to}`);
    if (want !== byDefaultRule[k]) byDriver++;
  }
  assert.ok(byDriver > 0, "the driver's function lines change some -W diff");
  fs.rmSync(path.join(info, 'attributes'));
  git(['config', '--unset', 'diff.strata.xfuncname']);

  // a mode change beside a change -w ignores: git writes the header (modes, index) and no hunk; --numstat 0 0
  const small = path.join(tmpDir('diff-options-mode'), 'repo');
  fs.mkdirSync(small, { recursive: true });
  const sh = (args: string[]) => execFileSync('git', ['-C', small, ...args], { encoding: 'utf8' });
  sh(['init', '-q']);
  fs.writeFileSync(path.join(small, 'f'), 'a b\nc\n');
  sh(['add', 'f']);
  sh(['-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qm', 'one']);
  fs.writeFileSync(path.join(small, 'f'), 'a  b \nc\n');
  fs.chmodSync(path.join(small, 'f'), 0o755);
  sh(['-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qam', 'two']);
  for (const opts of [['-w'], ['-w', '--numstat'], ['--numstat'], []]) {
    const want = sh(['diff', ...opts, 'HEAD~1', 'HEAD', '--', 'f']);
    const r = await runCli(['diff', '--repo', small, '--path', 'f', '--from', 'HEAD~1', '--to', 'HEAD', ...opts]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, want, `mode change, ${opts.join(' ') || 'no options'}`);
  }
  assert.match(sh(['diff', '-w', 'HEAD~1', 'HEAD', '--', 'f']), /^old mode 100644\nnew mode 100755\n/m);

  // with no context git drops the files' common end in 1 KiB blocks before diffing (trim_common_tail): an insertion
  // whose lines can slide is then placed otherwise than with context; git's combined diff always diffs so
  const trim = path.join(tmpDir('diff-options-trim'), 'repo');
  const head = 'switch (x) {\ncase 1:\n\tone();\n\tbreak;\ncase 2:\n\ttwo();\n\tbreak;\n';
  const tail = '\tfiller();\n'.repeat(92);
  const tg = (...args: string[]) =>
    execFileSync('git', ['-C', trim, '-c', 'user.name=T', '-c', 'user.email=t@e', ...args], { encoding: 'utf8' });
  fs.mkdirSync(trim, { recursive: true });
  tg('init', '-q', '-b', 'main');
  const commitText = (text: string, message: string) => {
    fs.writeFileSync(path.join(trim, 'f.c'), text);
    tg('add', 'f.c');
    tg('commit', '-qm', message);
  };
  commitText(head + tail, 'base');
  commitText(`${head}case 3:\n\tthree();\n\tbreak;\n${tail}`, 'case 3');
  const startOf = (args: string[]) => Number(/^@@ -\S+ \+(\d+)/m.exec(tg('diff', ...args, 'HEAD~1', 'HEAD', '--', 'f.c'))![1]);
  assert.notEqual(startOf(['-U0']), startOf(['-U1']) + 1, 'git places the insertion otherwise with -U0');
  for (const opts of [['-U0'], ['-U0', '--numstat'], ['-U1'], []]) {
    const r = await runCli(['diff', '--repo', trim, '--path', 'f.c', '--from', 'HEAD~1', '--to', 'HEAD', ...opts]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, tg('diff', ...opts, 'HEAD~1', 'HEAD', '--', 'f.c'), `the common end trimmed: ${opts.join(' ')}`);
  }
  // a merge: each side changed a line at the top, the merge adds case 3 as well; --cc is git show --cc's
  const body = head.slice(head.indexOf('\n') + 1);
  tg('checkout', '-q', '-b', 'side', 'main~1');
  commitText(`/* side */\n${body}${tail}`, 'side');
  tg('checkout', '-q', '-b', 'left', 'main~1');
  commitText(`${head.replace('case 1:', 'case 1: /* left */')}${tail}`, 'left');
  tg('merge', '-q', '--no-commit', '-s', 'ours', 'side');
  commitText(`/* side */\n${body.replace('case 1:', 'case 1: /* left */')}case 3:\n\tthree();\n\tbreak;\n${tail}`, 'merge');
  const combined = await runCli(['diff', '--repo', trim, '--path', 'f.c', '--to', 'HEAD', '--cc']);
  assert.equal(combined.code, 0, combined.err);
  const gitCc = tg('show', '--cc', '--format=', 'HEAD', '--', 'f.c');
  assert.match(gitCc, /^\+\+\tbreak;$/m, "git's combined diff places the insertion as the trimmed diff does");
  assert.equal(combined.out, gitCc, 'the combined diff');

  // one algorithm at a time; a name git does not know; a combined diff has no one count
  const both = await runCli(['diff', '--repo', dir, '--path', file, '--from', 'HEAD~1', '--to', 'HEAD', '--patience', '--histogram']);
  assert.notEqual(both.code, 0);
  assert.match(both.err, /one of --diff-algorithm, --minimal, --patience and --histogram/);
  const unknown = await runCli(['diff', '--repo', dir, '--path', file, '--from', 'HEAD~1', '--to', 'HEAD', '--diff-algorithm=fast']);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.err, /myers, default, minimal, patience or histogram/);
  const cc = await runCli(['diff', '--repo', dir, '--path', file, '--to', 'HEAD', '--cc', '--numstat']);
  assert.notEqual(cc.code, 0);
  assert.match(cc.err, /--numstat counts a two-way diff/);
});
