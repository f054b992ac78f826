import { test } from 'node:test';
import assert from 'node:assert/strict';
import { similarityScore, sizesCanMatch } from '../../main/history/similarity';

test('rename similarity follows git: identical is 100%, size gap rules out', () => {
  const a = Buffer.from(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(''));
  assert.equal(similarityScore(a, a), 60000);
  const edited = Buffer.from(a.toString().replace('line 7\n', 'LINE seven\n'));
  assert.ok(similarityScore(a, edited) > 55000);
  assert.equal(sizesCanMatch(100, 1000), false);
});
