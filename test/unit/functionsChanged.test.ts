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
