import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonRunAt } from '../../main/diff/commonBytes';

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
