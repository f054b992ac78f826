import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { findFunctions, functionsChanged } from '../../main/analysis/functionsChanged';
import { changedFunctions } from '../../main/services/changedFunctions';
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
