import fs from 'node:fs';
import { writeFileAtomic } from '../index/atomicWrite';
import { sealed, unsealed } from '../index/checksum';
import type { PreparedPair } from './preparedPair';

/**
 * A file's prepared pairs on disk (one file a path in the index): the worker that prepares them and the one a
 * blame later runs in need not be the same. Per pair: the older and newer blob ids (20 bytes each), the newer
 * version's line count and its number of changes (uint32 each), then the changes (4 uint32 each); sealed
 * with a checksum, so a damaged file is not read (blame then diffs as it goes).
 */
export function readStoredLineMaps(file: string): Map<string, PreparedPair> {
  const out = new Map<string, PreparedPair>();
  let data: Buffer | null;
  try {
    data = unsealed(fs.readFileSync(file));
  } catch {
    return out;
  }
  if (!data) return out;
  let at = 0;
  while (at + 48 <= data.length) {
    const key = `${data.toString('hex', at, at + 20)}:${data.toString('hex', at + 20, at + 40)}`;
    const count = data.readUInt32LE(at + 40);
    const n = data.readUInt32LE(at + 44);
    at += 48;
    if (at + n * 16 > data.length) return new Map();
    // a view where the file's bytes are aligned (they are read whole into a buffer of their own), else a copy
    const start = data.byteOffset + at;
    const changes = start % 4 === 0 ? new Int32Array(data.buffer, start, n * 4) : new Int32Array(data.buffer.slice(start, start + n * 16));
    at += n * 16;
    out.set(key, { changes, count });
  }
  return out;
}

export async function writeStoredLineMaps(file: string, pairs: ReadonlyMap<string, PreparedPair>): Promise<void> {
  const parts: Buffer[] = [];
  for (const [key, p] of pairs) {
    const [older, newer] = key.split(':') as [string, string];
    if (!/^[0-9a-f]{40}$/.test(older) || !/^[0-9a-f]{40}$/.test(newer)) continue; // (a SHA-256 repository's are not kept)
    const head = Buffer.alloc(48);
    head.write(older, 0, 20, 'hex');
    head.write(newer, 20, 20, 'hex');
    head.writeUInt32LE(p.count, 40);
    head.writeUInt32LE(p.changes.length / 4, 44);
    parts.push(head, Buffer.from(p.changes.buffer, p.changes.byteOffset, p.changes.byteLength));
  }
  await writeFileAtomic(file, sealed(parts));
}
