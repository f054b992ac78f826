import crypto from 'node:crypto';
import { hashObject } from '../hashObject';
import type { PackFile } from './packFile';

/** After this many entries in a row that are not commits, the pack's commit region is taken to be over. */
const STREAK_LIMIT = 4096;

/**
 * The whole (undeltified) commits of a pack, read front to back. git writes a
 * pack's commits first and together, so this reads them sequentially, without
 * an index lookup per commit. It stops once commits stop coming; whatever it
 * misses (deltified commits, commits further on, other packs) is for the
 * caller to read by id. Each commit's bytes are only good until the next one
 * is yielded (one buffer is reused).
 */
export function* commitsInPackOrder(pack: PackFile): Generator<{ oid: string; data: Buffer }> {
  let streak = 0;
  // the object's header ("commit <size>\0") goes just before the inflated bytes: one contiguous buffer to hash
  const HEAD_ROOM = 32;
  const buffer = Buffer.alloc(HEAD_ROOM + 4096);
  const scratch = buffer.subarray(HEAD_ROOM);
  for (const offset of pack.index.ascendingOffsets(pack.dataEnd)) {
    const entry = pack.readEntry(offset);
    if (entry.type !== 1) {
      if (++streak > STREAK_LIMIT) return;
      continue;
    }
    streak = 0;
    const data = pack.inflate(entry, scratch);
    if (data.buffer !== buffer.buffer || data.byteOffset !== scratch.byteOffset) {
      yield { oid: hashObject('commit', data).toString('hex'), data }; // too large for the reused buffer
      continue;
    }
    const head = `commit ${data.length}\0`;
    buffer.write(head, HEAD_ROOM - head.length, 'latin1');
    yield { oid: crypto.hash('sha1', buffer.subarray(HEAD_ROOM - head.length, HEAD_ROOM + data.length), 'hex'), data };
  }
}
