import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLineChanges } from '../../main/diff/lineDiff';

test('line counts: missing newline at EOF, CRLF, binary', () => {
  const b = (s: string) => Buffer.from(s);
  assert.deepEqual(countLineChanges(b('a\nb'), b('a\nb\n')), { additions: 1, deletions: 1 });
  assert.deepEqual(countLineChanges(b('a\r\nb\r\n'), b('a\nb\r\n')), { additions: 1, deletions: 1 });
  assert.deepEqual(countLineChanges(null, b('x\ny\n')), { additions: 2, deletions: 0 });
  assert.deepEqual(countLineChanges(b('x\0y'), b('x')), { additions: null, deletions: null });
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
    assert.deepEqual(
      countLineChanges(Buffer.from(a), Buffer.from(b)),
      { additions: y.length - common, deletions: x.length - common },
      JSON.stringify([a, b]),
    );
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
