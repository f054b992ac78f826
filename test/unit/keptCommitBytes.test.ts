import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeptCommitBytes } from '../../main/history/keptCommitBytes';

test('kept commit bytes are copies, across slabs, up to the budget', () => {
  const kept = new KeptCommitBytes(600 * 1024);
  const reused = Buffer.alloc(300);
  const made: Buffer[] = [];
  for (let pos = 0; pos < 3000; pos++) {
    // the reader's one buffer, overwritten for every commit (as a pack's commits come)
    reused.fill(pos % 251);
    const data = reused.subarray(0, 200 + (pos % 100));
    made.push(Buffer.from(data));
    kept.keep(pos, data);
  }
  let bytes = 0;
  let count = 0;
  for (let pos = 0; pos < 3000; pos++) {
    const got = kept.get(pos);
    if (!got) continue;
    assert.equal(count, pos, 'the first commits are kept, then none (a commit past the budget ends the keeping)');
    assert.deepEqual(Buffer.from(got), made[pos], `commit ${pos}`);
    bytes += got.length;
    count++;
  }
  assert.ok(count > 2000 && count < 3000, `${count} kept`);
  assert.ok(bytes <= 600 * 1024);
  kept.keep(5000, Buffer.alloc(10));
  assert.equal(kept.get(5000), undefined, 'nothing past the budget');
});
