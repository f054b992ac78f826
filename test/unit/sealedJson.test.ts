import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { readSealedJson } from '../../main/index/indexStore';
import { sealed } from '../../main/index/checksum';
import { tmpDir } from '../fixtures/generateRepo';

test('a damaged sealed file is damaged even when its checksum happens to end in "}" (it is not taken for an older plain JSON)', () => {
  const dir = tmpDir('sealed-json');
  const file = path.join(dir, 't.json');
  // content whose CRC-32 ends (as written, little-endian) in 0x7d, the byte "}": one in 256
  let n = 0;
  let body: Buffer;
  do body = Buffer.from(JSON.stringify({ format: 1, head: 'a'.repeat(40), n: n++ }));
  while (zlib.crc32(body) >>> 24 !== 0x7d);
  fs.writeFileSync(file, Buffer.concat(sealed([body])));
  assert.deepEqual(readSealedJson(file), JSON.parse(body.toString()));
  const raw = fs.readFileSync(file);
  assert.equal(raw[0], 0x7b);
  assert.equal(raw[raw.length - 1], 0x7d, 'a sealed file that ends like plain JSON');
  raw[20] = raw[20]! ^ 0x10;
  fs.writeFileSync(file, raw);
  assert.equal(readSealedJson(file), null, 'damaged: its checksum does not match');
  // an older Strata's plain JSON (no trailer) is absent, rebuilt unremarked; a missing file too
  fs.writeFileSync(file, JSON.stringify({ format: 0 }));
  assert.equal(readSealedJson(file), undefined);
  assert.equal(readSealedJson(path.join(dir, 'none.json')), undefined);
});
