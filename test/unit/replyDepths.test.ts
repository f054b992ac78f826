import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThreadMessage } from '../../shared/discussion';
import { replyDepths } from '../../renderer/src/discussion/replyDepths';

const message = (messageId: string, parent?: string) => ({ messageId, ...(parent ? { parent } : {}) }) as ThreadMessage;

test('reply depths: replies under their parents, a parent the thread lacks makes a root, a loop is cut where it closes', () => {
  const depths = replyDepths([
    message('c', 'b'),
    message('a'),
    message('b', 'a'),
    message('d', 'a'),
    message('e', 'gone@lore'),
    message('x', 'z'),
    message('y', 'x'),
    message('z', 'y'),
  ]);
  // a loop is cut where the walk from the first of its messages meets itself: x's parent z, z's y, y's x (seen)
  assert.deepEqual(Object.fromEntries(depths), { a: 0, b: 1, c: 2, d: 1, e: 0, x: 2, z: 1, y: 0 });
});

test('reply depths: a reply chain 200,000 deep (a recursive walk overflows the stack)', () => {
  const n = 200_000;
  const messages = Array.from({ length: n }, (_, i) => message(`m${i}`, i > 0 ? `m${i - 1}` : undefined)).reverse();
  const depths = replyDepths(messages);
  assert.equal(depths.get('m0'), 0);
  assert.equal(depths.get(`m${n - 1}`), n - 1);
  assert.equal(depths.size, n);
});
