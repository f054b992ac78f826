import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonRunAt } from '../../main/diff/commonBytes';
import { commonTailToTrim } from '../../main/diff/diffLines';

test('commonRunAt: the run of equal bytes from two offsets, wherever it ends (inside, between and at the edges of its chunks)', () => {
  const a = Buffer.alloc(20_000);
  for (let i = 0; i < a.length; i++) a[i] = (i * 7919) & 0xff;
  const naive = (x: Buffer, xs: number, y: Buffer, ys: number, limit: number) => {
    let k = 0;
    while (k < limit && x[xs + k] === y[ys + k]) k++;
    return k;
  };
  let checked = 0;
  for (const aStart of [0, 1, 63, 4097]) {
    for (const bStart of [0, 5, 600]) {
      for (const differAt of [0, 1, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097, 4096 + 512 + 64, 9000, 12_345, null]) {
        const b = Buffer.alloc(a.length + 700);
        a.copy(b, bStart, aStart);
        if (differAt !== null) b[bStart + differAt] = b[bStart + differAt]! ^ 0x55;
        for (const limit of [0, 10, 4096, 15_000]) {
          const want = naive(a, aStart, b, bStart, limit);
          assert.equal(commonRunAt(a, aStart, b, bStart, limit), want, `a@${aStart} b@${bStart} differ@${differAt} limit ${limit}`);
          checked++;
        }
      }
    }
  }
  assert.equal(checked, 4 * 3 * 15 * 4);
});

test('long files: commonRunAt past its 32 KiB chunks, and the common end git trims (1 KiB blocks) found 64 KiB at a time', () => {
  const a = Buffer.alloc(200_000);
  for (let i = 0; i < a.length; i++) a[i] = i % 97 === 0 ? 10 : 97 + ((i * 7919) % 26);
  // git's trim_common_tail: whole 1 KiB blocks from the end, then back to the line start after the trimmed part
  const naiveTrim = (x: Buffer, y: Buffer) => {
    let trimmed = 0;
    const smaller = Math.min(x.length, y.length);
    while (
      trimmed + 1024 <= smaller &&
      x.subarray(x.length - trimmed - 1024, x.length - trimmed).equals(y.subarray(y.length - trimmed - 1024, y.length - trimmed))
    )
      trimmed += 1024;
    let recovered = 0;
    while (recovered < trimmed) if (x[x.length - trimmed + recovered++] === 10) break;
    return trimmed - recovered;
  };
  let checked = 0;
  for (const extra of [0, 1, 1500, 70_000]) {
    for (const differAt of [0, 1023, 1024, 65_535, 65_536, 65_537, 131_072 + 2048 + 5, 199_999, null]) {
      const b = Buffer.concat([Buffer.alloc(extra, 120), a]);
      if (differAt !== null) b[b.length - 1 - differAt] = b[b.length - 1 - differAt]! ^ 0x55;
      assert.equal(commonTailToTrim(a, b), naiveTrim(a, b), `extra ${extra} differ ${differAt} from the end`);
      const front = Buffer.from(a);
      if (differAt !== null) front[differAt] = front[differAt]! ^ 0x55;
      const want = differAt ?? a.length;
      assert.equal(commonRunAt(a, 0, front, 0, a.length), want, `differ at ${differAt}`);
      checked++;
    }
  }
  assert.equal(checked, 4 * 9);
});
