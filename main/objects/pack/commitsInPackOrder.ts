import crypto from 'node:crypto';
import fs from 'node:fs';
import { hashObject } from '../hashObject';
import { inflateEntry } from './inflater';
import { parseEntryHeader, type PackFile } from './packFile';
import { SequentialReader } from './sequentialReader';

/** After this many tags or deltas in a row, the pack's commit region is taken to be over. */
const STREAK_LIMIT = 4096;
const TREE = 2;
const COMMIT_PREFIX = Buffer.from('commit ');
const BLOB = 3;

/**
 * The whole (undeltified) commits of a pack, read front to back. git writes a
 * pack's commits first and together (tags among them, then trees and blobs),
 * so this walks entries from the pack's start, each found where the previous
 * one's compressed stream ended: sequential reads, no index. It stops at the
 * first tree or blob; whatever it misses (deltified commits, commits further
 * on, other packs) is for the caller to read by id. Each commit's id (20
 * bytes) and data are only good until the next one is yielded (buffers are reused).
 */
export function* commitsInPackOrder(pack: PackFile): Generator<{ id: Buffer; data: Buffer }> {
  const fd = fs.openSync(pack.packPath, 'r');
  try {
    const end = pack.dataEnd;
    const reader = new SequentialReader(fd, end, 4 * 1024 * 1024);
    // the object's header ("commit <size>\0") goes just before the inflated bytes: one contiguous buffer to hash
    const HEAD_ROOM = 32;
    const buffer = Buffer.alloc(HEAD_ROOM + 8192);
    const scratch = buffer.subarray(HEAD_ROOM);
    const id = Buffer.alloc(20);
    let streak = 0;
    let offset = 12;
    while (offset < end) {
      const entry = parseEntryHeader(reader.bytes(offset, 32), offset, pack.packPath);
      if (entry.type === TREE || entry.type === BLOB) return;
      const { data, consumed } = inflateEntry(reader, entry.dataStart, entry.size, end, scratch);
      offset = entry.dataStart + consumed;
      if (entry.type !== 1) {
        if (++streak > STREAK_LIMIT) return;
        continue;
      }
      streak = 0;
      if (data.buffer !== buffer.buffer) {
        yield { id: hashObject('commit', data), data }; // too large for the reused buffer
        continue;
      }
      // "commit <size>\0" written as bytes, backwards from where the data starts
      let at = HEAD_ROOM - 1;
      buffer[at] = 0;
      let size = data.length;
      do {
        buffer[--at] = 48 + (size % 10);
        size = Math.floor(size / 10);
      } while (size > 0);
      at -= COMMIT_PREFIX.length;
      COMMIT_PREFIX.copy(buffer, at);
      // the digest as a latin1 ('binary') string, its char codes copied: three times faster than asking for a Buffer
      const digest = crypto.hash('sha1', buffer.subarray(at, HEAD_ROOM + data.length), 'binary');
      for (let k = 0; k < 20; k++) id[k] = digest.charCodeAt(k);
      yield { id, data };
    }
  } finally {
    fs.closeSync(fd);
  }
}
