import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { smallRepo, tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';
import { configKey, userConfigFiles } from '../../main/objects/configFile';

/**
 * Files and names as real repositories have them: a Latin-1 file (an old driver's "café") under a name with a
 * space and an "é", a UTF-8 file, authors whose names take two columns a character (李小龙) or hold a combining
 * accent, and a merge of both. What `strata diff`, `strata blame` and `strata log -L` write is compared with git's
 * output byte for byte.
 */
test('the command line writes git’s bytes: Latin-1 lines, quoted paths, names that take two columns a character or none', async () => {
  const dir = tmpDir('cli-bytes');
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-C', dir, ...args], {
      env: { ...process.env, GIT_AUTHOR_DATE: '@1700000000 +0100', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git(['init', '-q', '-b', 'main']);
  const latin = 'd\u00e9 x.c'; // the name's bytes are UTF-8, as git keeps names; its content is Latin-1
  const utf = 'u.c';
  const write = (name: string, content: Buffer) => fs.writeFileSync(path.join(dir, name), content);
  const commit = (author: string, message: string) =>
    git(['-c', `user.name=${author}`, '-c', 'user.email=a@example.org', 'commit', '-qam', message]);
  write(latin, Buffer.from('caf\xe9 one\nsecond\n\tstatic int x;\nlast\n', 'latin1'));
  write(utf, Buffer.from('na\u00efve\nplain\nthird\nfourth\n', 'utf8'));
  git(['add', '.']);
  commit('李小龙', 'first');
  write(latin, Buffer.from('caf\xe9 one\nsecond changed \xff\xfe\n\tstatic int x;\nmore \xe9\nlast\n', 'latin1'));
  write(utf, Buffer.from('na\u00efve\nplain \u00fcber\nthird\nfourth\n', 'utf8'));
  commit('Bob', 'second');
  git(['checkout', '-q', '-b', 'side']);
  write(latin, Buffer.from('caf\xe9 one\nsecond changed \xff\xfe\n\tstatic int x;\nmore \xe9\nside \xe0\nlast\n', 'latin1'));
  write(utf, Buffer.from('na\u00efve\nplain \u00fcber\nthird \u00e0 c\u00f4t\u00e9\nfourth\n', 'utf8'));
  commit('Jose\u0301 Garc\u00eda', 'side');
  git(['checkout', '-q', 'main']);
  write(latin, Buffer.from('caf\xe9 ONE\nsecond changed \xff\xfe\n\tstatic int x;\nmore \xe9\nlast\n', 'latin1'));
  write(utf, Buffer.from('NA\u00cfVE\nplain \u00fcber\nthird\nfourth\n', 'utf8'));
  commit('Bob', 'main');
  git(['merge', '-q', '--no-commit', 'side'], { GIT_MERGE_AUTOEDIT: 'no' });
  // an evil merge: a line neither side had, in each file
  write(latin, Buffer.from('caf\xe9 ONE\nsecond changed \xff\xfe\n\tstatic int x;\nmore \xe9\nside \xe0\nmerged \xf1\nlast\n', 'latin1'));
  write(utf, Buffer.from('NA\u00cfVE\nplain \u00fcber\nthird \u00e0 c\u00f4t\u00e9\nmerged \u00f1\nfourth\n', 'utf8'));
  git(['add', '.']);
  commit('Zoë', 'merge');

  const same = (ours: Buffer, theirs: Buffer, what: string) =>
    assert.ok(ours.equals(theirs), `${what}\n--- git\n${theirs.toString('latin1')}\n--- strata\n${ours.toString('latin1')}`);
  const strata = async (args: string[]) => {
    const r = await runCli([...args, '--repo', dir]);
    assert.equal(r.code, 0, r.err);
    return r.bytes;
  };
  for (const quotePath of ['true', 'false']) {
    git(['config', 'core.quotePath', quotePath]);
    for (const file of [latin, utf]) {
      for (const [from, to] of [
        ['HEAD~2', 'HEAD~1'],
        ['HEAD~3', 'HEAD'],
        ['HEAD', 'HEAD~3'],
      ] as const)
        same(
          await strata(['diff', '--path', file, '--from', from, '--to', to]),
          git(['diff', from, to, '--', file]),
          `diff ${from} ${to} -- ${file} (core.quotePath ${quotePath})`,
        );
      same(
        await strata(['diff', '--path', file, '--to', 'HEAD', '--cc']),
        git(['show', '--cc', '--format=', 'HEAD', '--', file]),
        `show --cc -- ${file} (core.quotePath ${quotePath})`,
      );
    }
  }
  // a commit that names its encoding (git re-encodes all of it, author included, to UTF-8), on a branch of its own
  write(latin, Buffer.from('caf\xe9 ONE\nsecond changed \xff\xfe\n\tstatic int x;\nencoded \xe7a\nlast\n', 'latin1'));
  git(['add', '.']);
  const tree = git(['write-tree']).toString().trim();
  const encoded = Buffer.from(
    `tree ${tree}\nparent ${git(['rev-parse', 'HEAD']).toString().trim()}\nauthor Fran\xe7ois <f@example.org> 1700000500 +0100\n` +
      `committer Fran\xe7ois <f@example.org> 1700000500 +0100\nencoding ISO-8859-1\n\nencod\xe9, \xe0 la main\n`,
    'latin1',
  );
  const oid = execFileSync('git', ['-C', dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: encoded }).toString().trim();
  git(['branch', 'encoded', oid]);
  // one that names no encoding and is not UTF-8 (an old commit's Latin-1 name and message): git prints its bytes, and
  // expands a message's tab only while it can tell the width of what comes before it (not this Latin-1, nor a control character)
  write(latin, Buffer.from('caf\xe9 ONE\nsecond changed \xff\xfe\n\tstatic int x;\nunlabelled \xe7a\nlast\n', 'latin1'));
  git(['add', '.']);
  const unlabelled = Buffer.concat([
    Buffer.from(
      `tree ${git(['write-tree']).toString().trim()}\nparent ${oid}\nauthor Salvador D\xe1vila <s@example.org> 1700000600 +0100\n` +
        `committer Salvador D\xe1vila <s@example.org> 1700000600 +0100\n\nD\xe1vila's fix\n\n`,
      'latin1',
    ),
    Buffer.from('ab\tc\t\u00e9\u4e2d\tx\n', 'utf8'), // UTF-8 lines of a message that is not: widths as UTF-8's
    Buffer.from('G\xf6tz\tsaid \t\nctl\x01\tx\nfine\tthen  \n', 'latin1'),
  ]);
  const unlabelledOid = execFileSync('git', ['-C', dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: unlabelled })
    .toString()
    .trim();
  git(['branch', 'unlabelled', unlabelledOid]);
  // a name with white space before its `<` (busybox's "Manuel Novoa III  <mjn3@…>"): git's name ends before it
  write(latin, Buffer.from('caf\xe9 ONE\nsecond spaced\n\tstatic int x;\nunlabelled \xe7a\nlast\n', 'latin1'));
  write(utf, Buffer.from('na\u00efve\nplain \u00fcber\nthird spaced\nfourth\n', 'utf8'));
  git(['add', '.']);
  const spaced = Buffer.from(
    `tree ${git(['write-tree']).toString().trim()}\nparent ${unlabelledOid}\nauthor Manuel Novoa III \t <m@example.org> 1700000700 +0100\n` +
      `committer Manuel Novoa III  <m@example.org> 1700000700 +0100\n\nspaced\n`,
  );
  const spacedOid = execFileSync('git', ['-C', dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: spaced }).toString().trim();
  git(['branch', 'spaced', spacedOid]);
  git(['reset', '-q', '--hard']);
  const names = (
    JSON.parse((await strata(['log', '--path', utf, '--rev', 'spaced', '--json'])).toString()) as {
      author: { name: string; email: string };
    }[]
  ).map((e) => `${e.author.name}|${e.author.email}`);
  assert.deepEqual(names, git(['log', '--format=%an|%ae', 'spaced', '--', utf]).toString().trim().split('\n'));
  for (const file of [latin, utf]) {
    for (const rev of ['HEAD', 'side', 'encoded', 'unlabelled', 'spaced']) {
      same(await strata(['blame', '--path', file, '--rev', rev]), git(['blame', rev, '--', file]), `blame ${rev} -- ${file}`);
      for (const form of ['--porcelain', '--line-porcelain'])
        same(
          await strata(['blame', '--path', file, '--rev', rev, form]),
          git(['blame', form, rev, '--', file]),
          `blame ${form} ${rev} -- ${file}`,
        );
    }
    for (const rev of ['HEAD', 'encoded', 'unlabelled', 'spaced'])
      same(
        await strata(['log', '--path', file, '--lines', '1,4', '--rev', rev]),
        git(['log', '-L', `1,4:${file}`, rev]),
        `log -L 1,4:${file} ${rev}`,
      );
  }
  // log.abbrevCommit: each commit line's id abbreviated, as git log -L writes it then
  git(['config', 'log.abbrevCommit', 'true']);
  same(await strata(['log', '--path', latin, '--lines', '1,4']), git(['log', '-L', `1,4:${latin}`]), 'log -L with log.abbrevCommit');
  git(['config', '--unset', 'log.abbrevCommit']);
});

test("strata diff's hunks follow the repository's diff.algorithm, as git diff's do (its counts did already)", async () => {
  const { dir, git } = twoAlgorithmsRepo('cli-diff-algorithm');
  const myers = git(['diff', '--diff-algorithm=myers', 'HEAD~1', 'HEAD']);
  assert.ok(!myers.equals(git(['diff', '--diff-algorithm=histogram', 'HEAD~1', 'HEAD'])), 'the two algorithms differ here');
  for (const algorithm of ['myers', 'histogram', 'patience']) {
    git(['config', 'diff.algorithm', algorithm]);
    const r = await runCli(['diff', '--repo', dir, '--path', 'f.c', '--from', 'HEAD~1', '--to', 'HEAD']);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.bytes.equals(git(['diff', 'HEAD~1', 'HEAD'])), `diff.algorithm=${algorithm}:\n${r.out}`);
  }
});

test("the user's config counts as git counts it: diff.algorithm and core.abbrev from GIT_CONFIG_GLOBAL, the repository's own over it", async (t) => {
  const { dir, git } = twoAlgorithmsRepo('cli-user-config');
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
  t.after(() => {
    for (const [k, v] of [
      ['GIT_CONFIG_GLOBAL', saved.global],
      ['GIT_CONFIG_NOSYSTEM', saved.nosystem],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  const global = path.join(tmpDir('cli-user-config-home'), 'gitconfig');
  fs.writeFileSync(global, '[diff]\n\talgorithm = histogram\n[core]\n\tabbrev = 12\n');
  process.env.GIT_CONFIG_GLOBAL = global;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  process.env.STRATA_HOME = tmpDir('cli-user-config-strata');
  const diff = () => runCli(['diff', '--repo', dir, '--path', 'f.c', '--from', 'HEAD~1', '--to', 'HEAD']);
  const mine = await diff();
  assert.ok(mine.bytes.equals(git(['diff', 'HEAD~1', 'HEAD'])), `histogram and 12-digit ids from the user's config:\n${mine.out}`);
  assert.ok(!mine.bytes.equals(git(['-c', 'diff.algorithm=myers', '-c', 'core.abbrev=7', 'diff', 'HEAD~1', 'HEAD'])));
  const log = await runCli(['log', '--repo', dir, '--path', 'f.c', '--json']);
  const numstat = git(['log', '--numstat', '--format=', '-n1', '--', 'f.c']).toString().split('\t');
  const [newest] = JSON.parse(log.out) as { additions: number; deletions: number }[];
  assert.deepEqual([newest!.additions, newest!.deletions], [Number(numstat[0]), Number(numstat[1])], 'the counts as git log --numstat');
  // the repository's own setting comes first
  git(['config', 'diff.algorithm', 'myers']);
  assert.ok((await diff()).bytes.equals(git(['diff', 'HEAD~1', 'HEAD'])), "the repository's diff.algorithm over the user's");
});

test("the config files git reads before a repository's own, as its environment names them", () => {
  assert.deepEqual(userConfigFiles({ HOME: '/h' }), ['/etc/gitconfig', '/h/.config/git/config', '/h/.gitconfig']);
  assert.deepEqual(userConfigFiles({ HOME: '/h', XDG_CONFIG_HOME: '/x', GIT_CONFIG_NOSYSTEM: '1' }), ['/x/git/config', '/h/.gitconfig']);
  assert.deepEqual(userConfigFiles({ HOME: '/h', GIT_CONFIG_GLOBAL: '/g', GIT_CONFIG_SYSTEM: '/s' }), ['/s', '/g']);
  assert.deepEqual(userConfigFiles({ HOME: '/h', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: 'true' }), []);
  assert.equal(configKey('diff.Cpp.xFuncName'), 'diff.Cpp.xfuncname');
  assert.equal(configKey('Core.Abbrev'), 'core.abbrev');
});

test("strata diff's hunk headers name the function line git's diff driver finds (diff=cpp passes over a goto label; a custom xfuncname's group)", async () => {
  const { dir, git, commit } = newRepo('cli-funcname');
  const body = (ret: string) =>
    [
      'static int foo(int x)',
      '{',
      '\tint a = 0, b;',
      '\tif (x)',
      '\t\tgoto out;',
      ...Array.from({ length: 6 }, (_, i) => `\ta += ${i};`),
      'out:',
      ...Array.from({ length: 6 }, (_, i) => `\tb = ${i};`),
      `\treturn ${ret};`,
      '}',
      '',
    ].join('\n');
  fs.writeFileSync(path.join(dir, 'f.c'), body('a'));
  commit('v1');
  fs.writeFileSync(path.join(dir, 'f.c'), body('a + b'));
  commit('v2');
  const same = (what: string) => diffAsGit(dir, git, 'f.c', what);
  assert.match(await same('no attributes: the default rule takes the label'), /^@@ .* @@ out:$/m);
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.c diff=cpp\n');
  assert.match(await same('diff=cpp: the function'), /^@@ .* @@ static int foo\(int x\)$/m);
  git(['config', 'diff.cpp.xfuncname', '^static int ([a-z]+)']);
  assert.match(await same('a configured xfuncname: its first group'), /^@@ .* @@ foo$/m);
});

test("hunk headers under git's dts and rust drivers (the kernel's *.dts diff=dts), as git diff writes them", async () => {
  const { dir, git, commit } = newRepo('cli-drivers');
  const dts = (status: string, wakeup: string) =>
    [
      '/dts-v1/;',
      '',
      '/ {',
      '\tmodel = "board";',
      '\tcompatible = "vendor,board";',
      '',
      '\tuart0: serial@1000 {',
      '\t\tcompatible = "ns16550";',
      '\t\treg = <0x1000 0x100>;',
      `\t\tstatus = "${status}";`,
      '\t\tclock-frequency = <1843200>;',
      '\t\tcurrent-speed = <115200>;',
      '\t\treg-shift = <2>;',
      '\t};',
      '};',
      '',
      '&uart0 {',
      '\tpinctrl-names = "default";',
      '\tstatus = "disabled";',
      '\tfifo-size = <16>;',
      '\tdma-names = "tx", "rx";',
      '\tlabel = "console";',
      `\t${wakeup};`,
      '};',
      '',
    ].join('\n');
  const rust = (format: string, sum: string) =>
    [
      'use std::fmt;',
      '',
      'pub(crate) struct Point {',
      '    x: i32,',
      '    y: i32,',
      '}',
      '',
      'impl fmt::Display for Point {',
      '    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {',
      ...['a', 'b', 'c', 'd'].map((v, i) => `        let ${v} = ${i + 1};`),
      `        write!(f, "${format}", self.x, self.y)`,
      '    }',
      '}',
      '',
      'pub async fn run() -> u32 {',
      ...['total', 'more', 'again', 'last'].map((v, i) => `    let ${v} = ${i};`),
      `    ${sum}`,
      '}',
      '',
    ].join('\n');
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.dts diff=dts\n*.rs diff=rust\n');
  fs.writeFileSync(path.join(dir, 'board.dts'), dts('okay', 'wakeup-source'));
  fs.writeFileSync(path.join(dir, 'point.rs'), rust('({}, {})', 'total + more'));
  commit('v1');
  fs.writeFileSync(path.join(dir, 'board.dts'), dts('ok', 'wakeup-source-x'));
  fs.writeFileSync(path.join(dir, 'point.rs'), rust('[{}, {}]', 'total + more + last'));
  commit('v2');
  for (const [file, header] of [
    ['board.dts', /^@@ .* @@ &uart0 \{$/m],
    ['point.rs', /^@@ .* @@ fn fmt\(&self, f: &mut fmt::Formatter\) -> fmt::Result \{$/m],
  ] as const) {
    assert.match(await diffAsGit(dir, git, file), header, `${file}: the driver's function line`);
  }
});

test("hunk headers under git's perl and python drivers (git.git's own attributes); a driver named like an object's key is a name", async () => {
  const { dir, git, commit } = newRepo('cli-drivers-2');
  const perl = (x: string) =>
    [
      'package Mail::Sender;',
      'use strict;',
      '',
      'sub send_it {',
      '\tmy ($self) = @_;',
      'RETRY:',
      ...Array.from({ length: 6 }, (_, i) => `\tmy $v${i} = ${i};`),
      `\treturn ${x};`,
      '}',
      '',
    ].join('\n');
  const python = (x: string) =>
    [
      'import os',
      '',
      'class Sender:',
      '    def send(self):',
      '        total = 0',
      'retry = True',
      ...Array.from({ length: 6 }, (_, i) => `        v${i} = ${i}`),
      `        return ${x}`,
      '',
    ].join('\n');
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.pl diff=perl\n*.py diff=python\n*.c diff=toString\n');
  const c = (x: string) =>
    ['int main(void)', '{', 'again:', ...Array.from({ length: 6 }, (_, i) => `\tx = ${i};`), `\treturn ${x};`, '}', ''].join('\n');
  const write = (x: string) => {
    fs.writeFileSync(path.join(dir, 'send.pl'), perl(x));
    fs.writeFileSync(path.join(dir, 'send.py'), python(x));
    fs.writeFileSync(path.join(dir, 'main.c'), c(x));
  };
  write('1');
  commit('v1');
  write('2');
  commit('v2');
  for (const file of ['send.pl', 'send.py', 'main.c']) await diffAsGit(dir, git, file);
});

/** A repository whose f.c has two versions (HEAD~1, HEAD) that git's myers and histogram diffs tell apart differently. */
function twoAlgorithmsRepo(name: string): { dir: string; git: (args: string[]) => Buffer } {
  const { dir, git, commit } = newRepo(name);
  const older = ['', 'x;', 'int a;', 'x;', 'return 0;', 'int a;', 'return 0;', 'int a;', 'int a;', '', '{', 'return 0;', 'y;'];
  older.push('return 0;', '}', 'int a;', '{', '}', '{', 'x;', 'y;', 'return 0;', '}', 'y;', '', '{', '', '}', '{', 'int a;', '}');
  const newer = ['{', '', 'x;', 'int a;', 'x;', 'int a;', 'return 0;', 'int a;', 'int a;', '', 'return 0;', 'y;', '}', '}'];
  newer.push('return 0;', '}', 'int a;', '{', '}', '{', 'x;', 'y;', 'return 0;', '}', 'y;', '', '{', '', '}', '{', '}');
  for (const [i, lines] of [older, newer].entries()) {
    fs.writeFileSync(path.join(dir, 'f.c'), `${lines.join('\n')}\n`);
    commit(`v${i}`);
  }
  return { dir, git };
}

/** A new repository, git run in it, and a commit of everything in its work tree. */
function newRepo(name: string): { dir: string; git: (args: string[]) => Buffer; commit: (message: string) => void } {
  const dir = tmpDir(name);
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q']);
  const commit = (message: string) => {
    git(['add', '-A']);
    git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message]);
  };
  return { dir, git, commit };
}

/** strata diff of `file` from HEAD~1 to HEAD: it succeeds and writes git diff's bytes; its text. */
async function diffAsGit(dir: string, git: (args: string[]) => Buffer, file: string, what = file): Promise<string> {
  const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', 'HEAD~1', '--to', 'HEAD']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, git(['diff', 'HEAD~1', 'HEAD', '--', file]).toString(), what);
  return r.out;
}

test('strata diff writes an empty line of context as git does under diff.suppressBlankEmpty (no space before it)', async () => {
  const { dir, git, write } = smallRepo('cli-suppress-blank');
  write('a.c', 'int a;\n\nint b;\n\nint c;\n');
  git('add', '.');
  git('commit', '-qm', 'one');
  write('a.c', 'int a;\n\nint B;\n\nint c;\n');
  git('commit', '-qam', 'two');
  for (const suppress of ['false', 'true']) {
    git('config', 'diff.suppressBlankEmpty', suppress);
    const r = await runCli(['diff', '--repo', dir, '--path', 'a.c', '--from', 'HEAD~1', '--to', 'HEAD']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, git('diff', 'HEAD~1', 'HEAD', '--', 'a.c'), `diff.suppressBlankEmpty=${suppress}`);
  }
  assert.match(git('diff', 'HEAD~1', 'HEAD', '--', 'a.c'), /^$/m, 'git wrote an empty context line');
});

test('strata diff of a file that became a symbolic link, or the other way, is its deletion then its creation, as git writes it', async () => {
  const { dir, git, write } = smallRepo('cli-typechange');
  const link = (name: string, target: string) => {
    fs.rmSync(path.join(dir, name), { force: true });
    fs.symlinkSync(target, path.join(dir, name));
  };
  write('t.c', 'int t;\n');
  write('empty.h', '');
  fs.writeFileSync(path.join(dir, 'caf\u00e9.txt'), Buffer.from('caf\xe9\n\xff\n', 'latin1'));
  link('link', 't.c');
  git('add', '-A');
  git('commit', '-qm', 'one');
  // each becomes the other kind: a link a file (Latin-1 lines under a UTF-8 name), files links (one empty)
  fs.rmSync(path.join(dir, 'link'));
  fs.writeFileSync(path.join(dir, 'link'), Buffer.from('x \xe9\ny\n', 'latin1'));
  link('empty.h', 't.c');
  link('caf\u00e9.txt', 'elsewhere/caf\u00e9');
  git('add', '-A');
  git('commit', '-qm', 'two');
  const bytes = (args: string[]) => execFileSync('git', ['-C', dir, ...args]);
  for (const file of ['link', 'empty.h', 'caf\u00e9.txt'])
    for (const [from, to] of [
      ['HEAD~1', 'HEAD'],
      ['HEAD', 'HEAD~1'],
    ] as const) {
      const r = await runCli(['diff', '--repo', dir, '--path', file, '--from', from, '--to', to]);
      assert.equal(r.code, 0, r.err);
      const want = bytes(['diff', from, to, '--', file]);
      assert.ok(
        r.bytes.equals(want),
        `${file} ${from}..${to}\n--- git\n${want.toString('latin1')}\n--- strata\n${r.bytes.toString('latin1')}`,
      );
    }
  assert.match(git('diff', 'HEAD~1', 'HEAD', '--', 'link'), /^deleted file mode 120000$[^]*^new file mode 100644$/m);
});

test('blame --porcelain of a commit that is not UTF-8, its author renamed by the .mailmap: the mailmap’s UTF-8 bytes, as git writes them', async () => {
  const { dir, git, write } = smallRepo('cli-porcelain-mailmap');
  write('f.c', 'one\n');
  git('add', '.');
  git('commit', '-qm', 'first');
  write('f.c', 'one\ntwo\n');
  git('add', '.');
  const commit = Buffer.from(
    `tree ${git('write-tree').trim()}\nparent ${git('rev-parse', 'HEAD').trim()}\nauthor Salvador D\xe1vila <s@example.org> 1700000600 +0100\n` +
      `committer Fran\xe7ois <f@example.org> 1700000600 -0000\n\n\n  \nD\xe1vila's fix\n`,
    'latin1',
  );
  const oid = execFileSync('git', ['-C', dir, 'hash-object', '-t', 'commit', '-w', '--stdin'], { input: commit }).toString().trim();
  git('reset', '-q', '--hard', oid);
  for (const mailmap of ['', 'Zoë Dávila <zoe@example.org> <s@example.org>\n']) {
    write('.mailmap', mailmap);
    for (const form of ['--porcelain', '--line-porcelain', 'plain']) {
      const r = await runCli(['blame', '--repo', dir, '--path', 'f.c', ...(form === 'plain' ? [] : [form])]);
      assert.equal(r.code, 0, r.err);
      const want = execFileSync('git', ['-C', dir, 'blame', ...(form === 'plain' ? [] : [form]), 'HEAD', '--', 'f.c']);
      assert.ok(r.bytes.equals(want), `${form} ${mailmap}\n--- git\n${want.toString('latin1')}\n--- strata\n${r.bytes.toString('latin1')}`);
    }
  }
});

test('strata show writes a file as git show REV:PATH does, a binary one as its bytes (the output not a terminal)', async () => {
  const { dir, git, write } = smallRepo('cli-show-binary');
  fs.writeFileSync(path.join(dir, 'icon.ico'), Buffer.from([0, 0, 1, 0, 0xff, 0xfe, 10, 13, 0, 0x80]));
  write('crlf.txt', 'one\r\ntwo\r\n');
  git('add', '.');
  git('commit', '-qm', 'first');
  for (const file of ['icon.ico', 'crlf.txt']) {
    const r = await runCli(['show', '--repo', dir, '--rev', 'HEAD', '--path', file]);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.bytes.equals(execFileSync('git', ['-C', dir, 'show', `HEAD:${file}`])), file);
  }
});
