import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanExports } from '../../main/analysis/scanExports';

const exportCases: [string, string, [string, string][]][] = [
  ['plain', 'int a;\nEXPORT_SYMBOL(a);\n', [['a', 'EXPORT_SYMBOL']]],
  ['gpl with space before paren', 'EXPORT_SYMBOL_GPL (hmm_range_fault);\n', [['hmm_range_fault', 'EXPORT_SYMBOL_GPL']]],
  ['spaces inside', 'EXPORT_SYMBOL_GPL(  x  );', [['x', 'EXPORT_SYMBOL_GPL']]],
  [
    'CRLF',
    'EXPORT_SYMBOL(a);\r\nEXPORT_SYMBOL_GPL(b);\r\n',
    [
      ['a', 'EXPORT_SYMBOL'],
      ['b', 'EXPORT_SYMBOL_GPL'],
    ],
  ],
  ['no newline at EOF', 'EXPORT_SYMBOL(last)', [['last', 'EXPORT_SYMBOL']]],
  ['in a block comment', '/* EXPORT_SYMBOL(old); */\nEXPORT_SYMBOL_GPL(new1);', [['new1', 'EXPORT_SYMBOL_GPL']]],
  ['in a multi-line comment', '/*\n * EXPORT_SYMBOL(old);\n */', []],
  ['in a line comment', '// EXPORT_SYMBOL(old);\n', []],
  ['inside #if 0', '#if 0\nEXPORT_SYMBOL(dead);\n#endif\nEXPORT_SYMBOL(live);', [['live', 'EXPORT_SYMBOL']]],
  [
    '#if 0 with nested #ifdef and #else',
    '#if 0\n#ifdef X\nEXPORT_SYMBOL(a);\n#endif\nEXPORT_SYMBOL(b);\n#else\nEXPORT_SYMBOL_GPL(c);\n#endif',
    [['c', 'EXPORT_SYMBOL_GPL']],
  ],
  ['line continuation', 'EXPORT_SYMBOL_GPL( \\\n  spread);', [['spread', 'EXPORT_SYMBOL_GPL']]],
  [
    'namespaced',
    'EXPORT_SYMBOL_NS_GPL(dma_buf_get, DMA_BUF);\nEXPORT_SYMBOL_NS(foo, "CXL");',
    [
      ['dma_buf_get', 'EXPORT_SYMBOL_NS_GPL'],
      ['foo', 'EXPORT_SYMBOL_NS'],
    ],
  ],
  ['GPL future', 'EXPORT_SYMBOL_GPL_FUTURE(old_api);', [['old_api', 'EXPORT_SYMBOL_GPL_FUTURE']]],
  ['the macro definition is not an export', '#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, "")\n', []],
  ['in a string', 'pr_info("EXPORT_SYMBOL(fake)");', []],
  ['comment marker in a string', 'char *s = "/*"; EXPORT_SYMBOL(real);', [['real', 'EXPORT_SYMBOL']]],
];

for (const [name, input, expected] of exportCases) {
  test(`scanExports: ${name}`, () => {
    assert.deepEqual(
      scanExports(input).map((s) => [s.symbol, s.macro]),
      expected,
    );
  });
}

test('scanExports reports the original line number', () => {
  assert.deepEqual(
    scanExports('a\r\n/* x\r\n */\r\nEXPORT_SYMBOL(z);\r\n').map((s) => s.line),
    [4],
  );
});
