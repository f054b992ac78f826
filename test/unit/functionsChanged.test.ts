import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFunctions, functionsChanged } from '../../main/analysis/functionsChanged';

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
