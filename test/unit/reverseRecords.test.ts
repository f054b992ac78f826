import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reverseRecords } from '../../main/archive/reverseRecords';
import { tmpDir } from '../fixtures/generateRepo';

test('records of a part of a file are turned round in place, in chunks, each seen by map once; the bytes around are left alone', () => {
  const file = path.join(tmpDir('reverse-records'), 'records.bin');
  for (const count of [0, 1, 2, 3, 7, 8, 9, 64, 65]) {
    for (const chunkBytes of [8, 24, 64, 1 << 20]) {
      // 3 words of head, then `count` records of two words (a value, its number), then 2 words of tail
      const words = new Uint32Array(3 + count * 2 + 2);
      words.set([0xaaaa, 0xbbbb, 0xcccc]);
      for (let i = 0; i < count; i++) words.set([1000 + i, i], 3 + i * 2);
      words.set([0xdddd, 0xeeee], 3 + count * 2);
      fs.writeFileSync(file, words);
      const fd = fs.openSync(file, 'r+');
      let seen = 0;
      try {
        reverseRecords({
          fd,
          start: 12,
          count,
          size: 8,
          chunkBytes,
          map: (w) => {
            seen += w.length / 2;
            for (let k = 1; k < w.length; k += 2) w[k] = count - 1 - w[k]!;
          },
        });
      } finally {
        fs.closeSync(fd);
      }
      const after = new Uint32Array(new Uint8Array(fs.readFileSync(file)).buffer);
      const want = new Uint32Array(words.length);
      want.set([0xaaaa, 0xbbbb, 0xcccc]);
      for (let i = 0; i < count; i++) want.set([1000 + count - 1 - i, i], 3 + i * 2);
      want.set([0xdddd, 0xeeee], 3 + count * 2);
      assert.deepEqual([...after], [...want], `${count} records, chunks of ${chunkBytes} bytes`);
      assert.equal(seen, count, 'map sees every record once');
    }
  }
});
