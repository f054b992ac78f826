import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { findFunctions, functionsChanged } from '../../main/analysis/functionsChanged';
import { changedFunctions } from '../../main/services/changedFunctions';
import { functionFinderOf } from '../../main/lineLog/functionFinder';
import { openRepository } from '../../main/repository/repository';
import { commitVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';

test('functions: boundaries and which ones a change touched', () => {
  const before = 'static int a(void)\n{\n\treturn 1;\n}\n\nint b(struct x *y)\n{\n\treturn 2;\n}\nEXPORT_SYMBOL(b);\n';
  assert.deepEqual(
    findFunctions(before).map((f) => [f.name, f.start, f.end]),
    [
      ['a', 1, 4],
      ['b', 6, 10],
    ],
  );
  assert.deepEqual(
    functionsChanged(before, before.replace('EXPORT_SYMBOL(b)', 'EXPORT_SYMBOL_GPL(b)')),
    ['b'],
    'its export belongs to the function',
  );
  assert.deepEqual(functionsChanged(before, before.replace('return 2', 'return 3')), ['b']);
  assert.deepEqual(functionsChanged(before, before.replace('return 1', 'return 0')), ['a']);
});

test('functions: K&R definitions (parameters declared before the body) are functions; prototypes are not', () => {
  const text = [
    'static int eval7(char_u **arg, int evaluate);', // 1: a prototype
    'static int long_proto(char_u **arg,',
    '\t\tint evaluate);', // 3: the end of a prototype over two lines
    '    static int',
    'eval7(arg, evaluate)', // 5: K&R, vim before 2016
    '    char_u\t**arg;',
    '    int\t\tevaluate;',
    '{',
    '    return call(arg);',
    '}',
    '',
    'int modern(int a)',
    '{',
    '\treturn a;',
    '}',
    "/* struct used in the array that's given to qsort() */", // 16: a comment at column 0 is no definition
    'typedef struct',
    '{',
    '    int idx;',
    '} sortItem_T;',
  ].join('\n');
  assert.deepEqual(
    findFunctions(text).map((f) => [f.name, f.start, f.end]),
    [
      ['eval7', 5, 10],
      ['modern', 12, 15],
    ],
  );
  const after = text.replace('return call(arg);', 'return call(arg, evaluate);');
  assert.deepEqual(functionsChanged(text, after), ['eval7']);
});

test('functions: a definition is named by its name, not by the attributes before it (util-linux: static void __attribute__((__noreturn__)) usage(void))', () => {
  const text = [
    'static void __attribute__((__noreturn__)) usage(void)', // 1
    '{',
    '\texit(1);',
    '}',
    'static __printf(2, 3) void warn_at(int line, const char *fmt, ...)', // 5
    '{',
    '}',
    'static G_GNUC_PRINTF(1, 2) int say(const char *fmt, ...)', // 8
    '{',
    '}',
    'static int lock_it(struct x *x) __acquires(&x->lock)', // 11: the attribute after the name
    '{',
    '}',
    'SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)', // 14: a macro that defines
    '{',
    '}',
    'static inline u32 __hash_it(u32 v)', // 17: a name with underscores is a name
    '{',
    '}',
    'SYSCALL_DEFINE3(openat, int, dfd, const char __user *, filename, int, flags)', // 20: another syscall of three
    '{',
    '}',
    'SYSCALL_DEFINE0(getpid)', // 23
    '{',
    '}',
    'static int DEBUG_DUMP(void)', // 26: a function in capitals, with no name as its first argument
    '{',
    '}',
  ].join('\n');
  assert.deepEqual(
    findFunctions(text).map((f) => [f.name, f.start]),
    [
      ['usage', 1],
      ['warn_at', 5],
      ['say', 8],
      ['lock_it', 11],
      ['SYSCALL_DEFINE3(open,', 14],
      ['__hash_it', 17],
      ['SYSCALL_DEFINE3(openat,', 20],
      ['SYSCALL_DEFINE0(getpid)', 23],
      ['DEBUG_DUMP', 26],
    ],
  );
});

test("functions: a kernel file's syscalls are apart, each named so that git log -L :NAME: finds its lines", async () => {
  const root = tmpDir('functions-syscalls');
  const dir = path.join(root, 'repo');
  const file = 'fs/open.c';
  const v0 = [
    '#include <linux/syscalls.h>',
    '',
    'SYSCALL_DEFINE3(openat, int, dfd, const char __user *, filename, int, flags)',
    '{',
    '\treturn do_open(dfd, filename, flags);',
    '}',
    '',
    'SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)',
    '{',
    '\treturn do_open(AT_FDCWD, filename, flags);',
    '}',
    '',
  ].join('\n');
  const v1 = v0.replace('return do_open(dfd, filename, flags);', 'return do_open(dfd, filename, flags | O_LARGEFILE);');
  const v2 = v1.replace('return do_open(AT_FDCWD, filename, flags);', 'return do_open(AT_FDCWD, filename, flags | O_LARGEFILE);');
  commitVersions(dir, file, [v0, v1, v2]);
  const oids = gitLogOids(dir, file).reverse();
  const repo = await openRepository({ dir, home: path.join(root, 'home') });
  try {
    const sets = await changedFunctions({ repo, path: file, follow: false });
    assert.deepEqual(sets[oids[1]!], ['SYSCALL_DEFINE3(openat,']);
    assert.deepEqual(sets[oids[2]!], ['SYSCALL_DEFINE3(open,']);
    for (const [name, changed] of [
      ['SYSCALL_DEFINE3(openat,', oids[1]!],
      ['SYSCALL_DEFINE3(open,', oids[2]!],
    ] as const) {
      const listed = execFileSync('git', ['-C', dir, 'log', '-s', '--format=%H', '-L', `:${name}:${file}`], { encoding: 'utf8' });
      assert.deepEqual(listed.split('\n').filter(Boolean), [changed, oids[0]!], `git log -L :${name}:`);
    }
  } finally {
    repo.close();
  }
});

test("functions of a file whose diff driver is not C's (*.py diff=python): found by git's function lines, each as git log -L :name: finds it", async () => {
  const root = tmpDir('functions-python');
  const dir = path.join(root, 'repo');
  const file = 'src/tool.py';
  const v0 = [
    'import os',
    '',
    '',
    'class Tool:',
    '    def __init__(self):',
    '        self.x = 1',
    '',
    '    def run(self):',
    '        return self.x',
    '',
    '',
    'async def fetch(url):',
    '    return url',
    '',
    '',
    'def helper(a, b):',
    '    return a + b',
    '',
  ].join('\n');
  const v1 = v0.replace('return self.x', 'return self.x * 2');
  const v2 = v1.replace('return a + b', 'return a - b');
  const v3 = v2.replace('self.x = 1', 'self.x = 2').replace('return url', 'return url.strip()');
  const v4 = v3.replace('import os', 'import sys');
  commitVersions(dir, file, [v0, v1, v2, v3, v4]);
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.py diff=python\n');
  const oids = gitLogOids(dir, file).reverse();
  const repo = await openRepository({ dir, home: path.join(root, 'home') });
  try {
    const sets = await changedFunctions({ repo, path: file, follow: false });
    const sorted = (oid: string) => [...sets[oid]!].sort();
    assert.deepEqual(sorted(oids[0]!), ['Tool', '__init__', 'fetch', 'helper', 'run'], 'the first version adds them all');
    assert.deepEqual(sorted(oids[1]!), ['run']);
    assert.deepEqual(sorted(oids[2]!), ['helper']);
    assert.deepEqual(sorted(oids[3]!), ['__init__', 'fetch']);
    assert.deepEqual(sorted(oids[4]!), [], 'a change above every function is in none');
    // git's own ranges agree: each commit said to change a function is one git log -L :name: lists, and v4 is in none
    for (const name of ['run', 'helper', '__init__', 'fetch']) {
      const listed = execFileSync('git', ['-C', dir, 'log', '-s', '--format=%H', '-L', `:${name}:${file}`], { encoding: 'utf8' });
      for (const oid of oids.filter((o) => sets[o]!.includes(name))) assert.ok(listed.includes(oid), `${name}: git log -L lists ${oid}`);
      assert.ok(!listed.includes(oids[4]!), `${name}: not the import's change`);
    }
  } finally {
    repo.close();
  }
  // without the attribute, git's default rule is not C's either, but the C rule stays (the kernel's files, most repositories' C)
  fs.rmSync(path.join(dir, '.gitattributes'));
  const plain = await openRepository({ dir, home: path.join(root, 'home2') });
  try {
    const sets = await changedFunctions({ repo: plain, path: file, follow: false });
    assert.deepEqual(sets[oids[1]!], []);
  } finally {
    plain.close();
  }
});

test("functions and sections under git's other drivers (Go, Java, Ruby, Elixir, Pascal; Markdown, TeX, HTML): each named so that git log -L :NAME: finds the same lines", async () => {
  const dir = tmpDir('functions-drivers');
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  git(['init', '-q']);
  const files: Record<string, { driver: string; lines: string[]; names: string[] }> = {
    'walk.go': {
      driver: 'golang',
      lines: [
        'package walk',
        '',
        'func main() {',
        '\trun()',
        '}',
        '',
        'type Cursor struct {',
        '\tn int',
        '}',
        '',
        'func (c *Cursor) Next() (int, error) {',
        '\treturn c.n, nil',
        '}',
      ],
      names: ['main', 'Cursor', 'Next'],
    },
    'Walker.java': {
      driver: 'java',
      lines: [
        'public class Walker {',
        '    private int n;',
        '',
        '    public static void main(String[] args) {',
        '        new Walker().run();',
        '    }',
        '',
        '    private List<String> names(int n) {',
        '        return null;',
        '    }',
        '}',
      ],
      names: ['Walker', 'main', 'names'],
    },
    'walker.rb': {
      driver: 'ruby',
      lines: ['class Walker < Base', '  def walk(n)', '    n', '  end', '', '  def self.make', '    new', '  end', 'end'],
      names: ['Walker', 'walk', 'self.make'],
    },
    'walk.ex': {
      driver: 'elixir',
      lines: ['defmodule Strata.Walk do', '  def run(args) do', '    args', '  end', '', '  defp helper(x), do: x', 'end'],
      names: ['Strata.Walk', 'run', 'helper'],
    },
    'README.md': {
      driver: 'markdown',
      lines: ['# Strata', 'Intro text.', '', '## Install ##', 'Steps.', '', '## Usage', 'More.'],
      names: ['Strata', 'Install', 'Usage'],
    },
    'paper.tex': {
      driver: 'tex',
      lines: ['\\section{Intro}', 'text', '\\subsection*{Details}', 'more'],
      names: ['Intro', 'Details'],
    },
    'walker.pas': {
      driver: 'pascal',
      lines: [
        '  TWalker = class(TObject)',
        '  end;',
        '',
        'procedure Step(N: Integer);',
        'begin',
        'end;',
        '',
        'constructor TWalker.Create;',
        'begin',
        'end;',
      ],
      names: ['TWalker', 'Step', 'TWalker.Create'],
    },
    'page.html': {
      driver: 'html',
      lines: ['<h1>Title</h1>', '<p>x</p>', '<h2 id="a">Usage</h2>', '<p>y</p>'],
      names: ['Title', 'Usage'],
    },
  };
  fs.writeFileSync(
    path.join(dir, '.gitattributes'),
    Object.entries(files)
      .map(([file, f]) => `${file} diff=${f.driver}\n`)
      .join(''),
  );
  for (const [file, f] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), `${f.lines.join('\n')}\n`);
  git(['add', '-A']);
  git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'add']);
  const repo = await openRepository({ dir, home: tmpDir('functions-drivers-home') });
  try {
    for (const [file, f] of Object.entries(files)) {
      const spans = (await functionFinderOf(repo.info, file))(`${f.lines.join('\n')}\n`);
      assert.deepEqual(
        spans.map((s) => s.name),
        f.names,
        file,
      );
      for (const s of spans) {
        // the commit adding the file shows the range -L found as added lines: "@@ -0,0 +start,count @@"
        const shown = /^@@ -0,0 \+(\d+),(\d+) @@/m.exec(git(['log', '--format=', '-L', `:${s.name}:${file}`]));
        assert.ok(shown, `${file}: git log -L :${s.name}: finds it`);
        assert.deepEqual([s.start, s.end], [Number(shown[1]), Number(shown[1]) + Number(shown[2]) - 1], `${file}: ${s.name}'s lines`);
      }
    }
  } finally {
    repo.close();
  }
});
