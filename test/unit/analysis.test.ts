import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanExports } from '../../main/analysis/scanExports';
import { findFunctions, functionsChanged } from '../../main/analysis/functionsChanged';
import { parseMessageFacts } from '../../shared/trailers';
import { compareVersionTags } from '../../shared/versionOrder';
import { splitMessage, isoWithOffset } from '../../main/objects/parseCommit';
import { countLineChanges } from '../../main/diff/lineDiff';
import { similarityScore, sizesCanMatch } from '../../main/history/similarity';

const exportCases: [string, string, [string, string][]][] = [
  ['plain', 'int a;\nEXPORT_SYMBOL(a);\n', [['a', 'EXPORT_SYMBOL']]],
  ['gpl with space before paren', 'EXPORT_SYMBOL_GPL (hmm_range_fault);\n', [['hmm_range_fault', 'EXPORT_SYMBOL_GPL']]],
  ['spaces inside', 'EXPORT_SYMBOL_GPL(  x  );', [['x', 'EXPORT_SYMBOL_GPL']]],
  ['CRLF', 'EXPORT_SYMBOL(a);\r\nEXPORT_SYMBOL_GPL(b);\r\n', [['a', 'EXPORT_SYMBOL'], ['b', 'EXPORT_SYMBOL_GPL']]],
  ['no newline at EOF', 'EXPORT_SYMBOL(last)', [['last', 'EXPORT_SYMBOL']]],
  ['in a block comment', '/* EXPORT_SYMBOL(old); */\nEXPORT_SYMBOL_GPL(new1);', [['new1', 'EXPORT_SYMBOL_GPL']]],
  ['in a multi-line comment', '/*\n * EXPORT_SYMBOL(old);\n */', []],
  ['in a line comment', '// EXPORT_SYMBOL(old);\n', []],
  ['inside #if 0', '#if 0\nEXPORT_SYMBOL(dead);\n#endif\nEXPORT_SYMBOL(live);', [['live', 'EXPORT_SYMBOL']]],
  ['#if 0 with nested #ifdef and #else', '#if 0\n#ifdef X\nEXPORT_SYMBOL(a);\n#endif\nEXPORT_SYMBOL(b);\n#else\nEXPORT_SYMBOL_GPL(c);\n#endif', [['c', 'EXPORT_SYMBOL_GPL']]],
  ['line continuation', 'EXPORT_SYMBOL_GPL( \\\n  spread);', [['spread', 'EXPORT_SYMBOL_GPL']]],
  ['namespaced', 'EXPORT_SYMBOL_NS_GPL(dma_buf_get, DMA_BUF);\nEXPORT_SYMBOL_NS(foo, "CXL");', [['dma_buf_get', 'EXPORT_SYMBOL_NS_GPL'], ['foo', 'EXPORT_SYMBOL_NS']]],
  ['GPL future', 'EXPORT_SYMBOL_GPL_FUTURE(old_api);', [['old_api', 'EXPORT_SYMBOL_GPL_FUTURE']]],
  ['the macro definition is not an export', '#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, "")\n', []],
  ['in a string', 'pr_info("EXPORT_SYMBOL(fake)");', []],
  ['comment marker in a string', 'char *s = "/*"; EXPORT_SYMBOL(real);', [['real', 'EXPORT_SYMBOL']]],
];

for (const [name, input, expected] of exportCases) {
  test(`scanExports: ${name}`, () => {
    assert.deepEqual(scanExports(input).map((s) => [s.symbol, s.macro]), expected);
  });
}

test('scanExports reports the original line number', () => {
  assert.deepEqual(scanExports('a\r\n/* x\r\n */\r\nEXPORT_SYMBOL(z);\r\n').map((s) => s.line), [4]);
});

const trailerCases: [string, string, (f: ReturnType<typeof parseMessageFacts>) => void][] = [
  ['people', 'x\n\nSigned-off-by: A B <a@example.org>\nReviewed-by: "C, D" <c@example.org>\nAcked-by: E <e@example.org>\nTested-by: F <f@x>\nReported-by: G <g@x>\nSuggested-by: H <h@x>\nCo-developed-by: I <i@x>\n', (f) => {
    assert.deepEqual(f.trailers.map((t) => [t.key, t.name, t.email]), [['Signed-off-by', 'A B', 'a@example.org'], ['Reviewed-by', 'C, D', 'c@example.org'], ['Acked-by', 'E', 'e@example.org'], ['Tested-by', 'F', 'f@x'], ['Reported-by', 'G', 'g@x'], ['Suggested-by', 'H', 'h@x'], ['Co-developed-by', 'I', 'i@x']]);
  }],
  ['lowercase key and extra spaces', 'x\n\nsigned-off-by:   A <a@x>  \n', (f) => assert.deepEqual(f.trailers.map((t) => [t.key, t.email]), [['Signed-off-by', 'a@x']])],
  ['Fixes with subject', 'x\n\nFixes: 1234567890ab ("mm/hmm: use a structure")\n', (f) => assert.deepEqual(f.fixes, [{ oid: '1234567890ab', subject: 'mm/hmm: use a structure' }])],
  ['Fixes without subject and uppercase hex', 'x\n\nFixes: ABCDEF123456\n', (f) => assert.deepEqual(f.fixes, [{ oid: 'abcdef123456' }])],
  ['Cc stable with comment', 'x\n\nCc: <stable@vger.kernel.org> # 5.4+\n', (f) => assert.equal(f.stable, true)],
  ['Link and Message-ID', 'x\n\nLink: https://lore.kernel.org/r/20190312@x.org\nMessage-Id: <abc@y.org>\n', (f) => assert.deepEqual(f.links, ['https://lore.kernel.org/r/20190312@x.org', 'https://lore.kernel.org/r/abc@y.org'])],
  ['stable backport, first style', 'x\n\ncommit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nbody', (f) => assert.equal(f.upstream, '0123456789abcdef0123456789abcdef01234567')],
  ['stable backport, bracket style', 'x\n\n[ Upstream commit 0123456789ABCDEF0123456789abcdef01234567 ]\n', (f) => assert.equal(f.upstream, '0123456789abcdef0123456789abcdef01234567')],
  ['maintainer note', 'x\n\n[akpm@linux-foundation.org: fix build]\nSigned-off-by: A <a@x>', (f) => assert.deepEqual(f.notes, ['akpm@linux-foundation.org: fix build'])],
  ['prose with a colon is not a trailer', 'x\n\nNote: this is prose.\nhttp: also prose\n', (f) => assert.deepEqual(f.trailers, [])],
  ['CRLF message', 'x\r\n\r\nSigned-off-by: A <a@x>\r\n', (f) => assert.equal(f.trailers[0]?.email, 'a@x')],
];

for (const [name, input, check] of trailerCases) test(`trailers: ${name}`, () => check(parseMessageFacts(input)));

test('release tags sort as versions', () => {
  const tags = ['v5.0', 'v4.20', 'v5.0-rc1', 'v4.14', 'v5.0-rc10', 'v5.0-rc2', 'v5.10', 'v5.9', 'next-2020', 'v5.4.1'];
  assert.deepEqual([...tags].sort(compareVersionTags), ['v4.14', 'v4.20', 'v5.0-rc1', 'v5.0-rc2', 'v5.0-rc10', 'v5.0', 'v5.4.1', 'v5.9', 'v5.10', 'next-2020']);
});

test('subject and body split like git %s and %b', () => {
  assert.deepEqual(splitMessage('\n\nfirst line\nsecond line\n\n\nbody one\n\nbody two\n\n'), { subject: 'first line second line', body: 'body one\n\nbody two' });
  assert.deepEqual(splitMessage('only subject'), { subject: 'only subject', body: '' });
});

test('dates print like git %aI', () => {
  assert.equal(isoWithOffset(1552381200, 60), '2019-03-12T10:00:00+01:00');
  assert.equal(isoWithOffset(1552381200, -420), '2019-03-12T02:00:00-07:00');
  assert.equal(isoWithOffset(0, 0), '1970-01-01T00:00:00+00:00');
});

test('line counts: missing newline at EOF, CRLF, binary', () => {
  const b = (s: string) => Buffer.from(s);
  assert.deepEqual(countLineChanges(b('a\nb'), b('a\nb\n')), { additions: 1, deletions: 1 });
  assert.deepEqual(countLineChanges(b('a\r\nb\r\n'), b('a\nb\r\n')), { additions: 1, deletions: 1 });
  assert.deepEqual(countLineChanges(null, b('x\ny\n')), { additions: 2, deletions: 0 });
  assert.deepEqual(countLineChanges(b('x\0y'), b('x')), { additions: null, deletions: null });
});

test('rename similarity follows git: identical is 100%, size gap rules out', () => {
  const a = Buffer.from(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(''));
  assert.equal(similarityScore(a, a), 60000);
  const edited = Buffer.from(a.toString().replace('line 7\n', 'LINE seven\n'));
  assert.ok(similarityScore(a, edited) > 55000);
  assert.equal(sizesCanMatch(100, 1000), false);
});

test('functions: boundaries and which ones a change touched', () => {
  const before = 'static int a(void)\n{\n\treturn 1;\n}\n\nint b(struct x *y)\n{\n\treturn 2;\n}\nEXPORT_SYMBOL(b);\n';
  assert.deepEqual(findFunctions(before).map((f) => [f.name, f.start, f.end]), [['a', 1, 4], ['b', 6, 10]]);
  assert.deepEqual(functionsChanged(before, before.replace('EXPORT_SYMBOL(b)', 'EXPORT_SYMBOL_GPL(b)')), ['b'], 'its export belongs to the function');
  assert.deepEqual(functionsChanged(before, before.replace('return 2', 'return 3')), ['b']);
  assert.deepEqual(functionsChanged(before, before.replace('return 1', 'return 0')), ['a']);
});

test('line counts equal a minimal diff (n − LCS, m − LCS) where the versions share long starts and ends, and where they share bytes but not lines', () => {
  const lines = (s: string) => s.split(/(?<=\n)/).filter((l) => l.length > 0);
  const lcs = (x: string[], y: string[]): number => {
    let prev = new Array<number>(y.length + 1).fill(0);
    for (let i = 1; i <= x.length; i++) {
      const cur = new Array<number>(y.length + 1).fill(0);
      for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
      prev = cur;
    }
    return prev[y.length]!;
  };
  const expect = (a: string, b: string) => {
    const x = lines(a);
    const y = lines(b);
    const common = lcs(x, y);
    assert.deepEqual(countLineChanges(Buffer.from(a), Buffer.from(b)), { additions: y.length - common, deletions: x.length - common }, JSON.stringify([a, b]));
  };
  const edges = ['', 'a', 'a\n', 'a\nb', 'a\nb\n', 'X\n', 'YX\n', 'p\nX\n', 'pq\nX\n', '\n', '\n\n', 'a\nx\nb\n'];
  for (const a of edges) for (const b of edges) expect(a, b);
  // long shared starts and ends (past the 4 KiB steps the ends are compared in), a small change between
  const body = Array.from({ length: 900 }, (_, i) => `line ${i % 97}\n`).join('');
  expect(`${body}mid\n${body}`, `${body}mid\nnew\n${body}`);
  expect(`${body}x`, `${body}y`);
  expect(`${body}`, `Z${body}`);
  expect(`${body}end\n`, `${body.slice(0, -1)}end\n`);
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 500; k++) {
    const x = Array.from({ length: Math.floor(rnd() * 30) }, () => ['a', 'b', '', 'c d'][Math.floor(rnd() * 4)]!);
    const y = x.slice();
    for (let e = 0; e < 3; e++) {
      const i = Math.floor(rnd() * (y.length + 1));
      if (rnd() < 0.5) y.splice(i, 1);
      else y.splice(i, 0, ['a', 'z', ''][Math.floor(rnd() * 3)]!);
    }
    expect(x.join('\n') + (rnd() < 0.5 ? '\n' : ''), y.join('\n') + (rnd() < 0.5 ? '\n' : ''));
  }
});
