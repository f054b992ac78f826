import fs from 'node:fs';
import zlib from 'node:zlib';
import { writeFileAtomic } from '../index/atomicWrite';
import { withOpenFile } from '../index/withOpenFile';
import type { PreparedPair } from './preparedPair';

const MAGIC = 'STL2';
/** Per pair: the older and newer blob ids (20 bytes each), the newer version's line count, its number of changes, where its changes are and their CRC-32 (uint32 each). */
const HEAD_BYTES = 56;

/**
 * A file's prepared pairs on disk (one file a path in the index): the worker that prepares them and the one a
 * blame later runs in need not be the same. The pairs' heads come first, with a checksum of their own, then
 * each pair's changes (4 int32 each) with a checksum in its head: a blame reads the heads and then only the
 * few pairs it follows lines through (a file of 3,000 pairs is 3.4 MB; reading and checking it whole cost
 * more than the blame). Heads are found by the first bytes of the newer version's id. A damaged head or pair is
 * not read: blame then diffs as it goes.
 */
export class StoredPairs {
  private constructor(
    private readonly file: string,
    private readonly heads: Buffer,
    /** Offsets of the pairs' heads in `heads`, by the first four bytes of the newer id. */
    private readonly byNewer: ReadonlyMap<number, readonly number[]>,
    private readonly ino: number,
  ) {}

  static read(file: string): StoredPairs | null {
    return withOpenFile(file, (fd) => {
      const top = Buffer.alloc(8);
      if (fs.readSync(fd, top, 0, 8, 0) !== 8 || top.toString('latin1', 0, 4) !== MAGIC) return null;
      const count = top.readUInt32LE(4);
      // a damaged count is not allocated: the heads must fit in the file
      if (8 + count * HEAD_BYTES + 4 > fs.fstatSync(fd).size) return null;
      const heads = Buffer.alloc(count * HEAD_BYTES + 4);
      if (fs.readSync(fd, heads, 0, heads.length, 8) !== heads.length) return null;
      const crc = zlib.crc32(heads.subarray(0, count * HEAD_BYTES), zlib.crc32(top));
      if (heads.readUInt32LE(count * HEAD_BYTES) !== crc >>> 0) return null;
      const byNewer = new Map<number, number[]>();
      for (let at = 0; at < count * HEAD_BYTES; at += HEAD_BYTES) {
        const k = heads.readUInt32BE(at + 20);
        const list = byNewer.get(k);
        if (list) list.push(at);
        else byNewer.set(k, [at]);
      }
      return new StoredPairs(file, heads, byNewer, fs.fstatSync(fd).ino);
    });
  }

  /** The pair of blobs `older` and `newer` (hex ids), where the file has it whole. */
  pair(older: string, newer: string): PreparedPair | undefined {
    const at = this.headOf(older, newer);
    return at < 0 ? undefined : (this.body(at) ?? undefined);
  }

  /** The line count of the blob `newer`, where a pair has it as its newer version. */
  lineCountOf(newer: string): number | undefined {
    if (newer.length !== 40) return undefined;
    for (const at of this.byNewer.get(parseInt(newer.slice(0, 8), 16)) ?? []) {
      if (this.heads.toString('hex', at + 20, at + 40) === newer) return this.heads.readUInt32LE(at + 40);
    }
    return undefined;
  }

  /** Every pair the file holds whole, by `older:newer`. */
  all(): Map<string, PreparedPair> {
    const out = new Map<string, PreparedPair>();
    const bodies = this.readWhole();
    if (!bodies) return out;
    for (const list of this.byNewer.values()) {
      for (const at of list) {
        const pair = this.body(at, bodies);
        if (pair) out.set(`${this.heads.toString('hex', at, at + 20)}:${this.heads.toString('hex', at + 20, at + 40)}`, pair);
      }
    }
    return out;
  }

  private headOf(older: string, newer: string): number {
    if (newer.length !== 40) return -1;
    for (const at of this.byNewer.get(parseInt(newer.slice(0, 8), 16)) ?? []) {
      if (this.heads.toString('hex', at + 20, at + 40) === newer && this.heads.toString('hex', at, at + 20) === older) return at;
    }
    return -1;
  }

  /** The pair whose head is at `at`, its changes read from the file (or from `whole`, the file read); null where they do not check. */
  private body(at: number, whole?: Buffer): PreparedPair | null {
    const n = this.heads.readUInt32LE(at + 44);
    const offset = this.heads.readUInt32LE(at + 48);
    // its own buffer: aligned, so the changes are a view of it
    let bytes: Buffer;
    if (whole) {
      if (offset + n * 16 > whole.length) return null;
      bytes = Buffer.from(whole.subarray(offset, offset + n * 16));
    } else {
      bytes = Buffer.alloc(n * 16);
      try {
        const fd = this.openFd();
        if (fd === null || fs.readSync(fd, bytes, 0, bytes.length, offset) !== bytes.length) return null;
      } catch {
        return null;
      }
    }
    if (zlib.crc32(bytes) >>> 0 !== this.heads.readUInt32LE(at + 52)) return null;
    return { changes: new Int32Array(bytes.buffer, bytes.byteOffset, n * 4), count: this.heads.readUInt32LE(at + 40) };
  }

  private fd: number | null = null;
  private closing: NodeJS.Timeout | null = null;

  /**
   * The file, open while pairs are being read (a blame reads a hundred one after the other: an open each cost
   * as much as the rest of its step), closed a moment after the last; null where it was replaced since its
   * heads were read (prepared again: its offsets are not these).
   */
  private openFd(): number | null {
    if (this.fd === null) {
      const fd = fs.openSync(this.file, 'r');
      if (fs.fstatSync(fd).ino !== this.ino) {
        fs.closeSync(fd);
        return null;
      }
      this.fd = fd;
    }
    if (this.closing) this.closing.refresh();
    else
      this.closing = setTimeout(() => {
        if (this.fd !== null) fs.closeSync(this.fd);
        this.fd = null;
        this.closing = null;
      }, 1000).unref();
    return this.fd;
  }

  private readWhole(): Buffer | null {
    try {
      const data = fs.readFileSync(this.file);
      return fs.statSync(this.file).ino === this.ino ? data : null;
    } catch {
      return null;
    }
  }
}

/** Every pair stored in `file` (none where there is no file or it is damaged). */
export function readStoredLineMaps(file: string): Map<string, PreparedPair> {
  return StoredPairs.read(file)?.all() ?? new Map<string, PreparedPair>();
}

export async function writeStoredLineMaps(file: string, pairs: ReadonlyMap<string, PreparedPair>): Promise<void> {
  const kept: [string, string, PreparedPair][] = [];
  for (const [key, p] of pairs) {
    const [older, newer] = key.split(':') as [string, string];
    if (!/^[0-9a-f]{40}$/.test(older) || !/^[0-9a-f]{40}$/.test(newer)) continue; // (a SHA-256 repository's are not kept)
    kept.push([older, newer, p]);
  }
  const top = Buffer.alloc(8);
  top.write(MAGIC, 0, 'latin1');
  top.writeUInt32LE(kept.length, 4);
  const heads = Buffer.alloc(kept.length * HEAD_BYTES + 4);
  const bodies: Buffer[] = [];
  let offset = 8 + heads.length;
  kept.forEach(([older, newer, p], i) => {
    const at = i * HEAD_BYTES;
    const body = Buffer.from(p.changes.buffer, p.changes.byteOffset, p.changes.byteLength);
    heads.write(older, at, 20, 'hex');
    heads.write(newer, at + 20, 20, 'hex');
    heads.writeUInt32LE(p.count, at + 40);
    heads.writeUInt32LE(p.changes.length / 4, at + 44);
    heads.writeUInt32LE(offset, at + 48);
    heads.writeUInt32LE(zlib.crc32(body) >>> 0, at + 52);
    bodies.push(body);
    offset += body.length;
  });
  heads.writeUInt32LE(zlib.crc32(heads.subarray(0, kept.length * HEAD_BYTES), zlib.crc32(top)) >>> 0, kept.length * HEAD_BYTES);
  await writeFileAtomic(file, [top, heads, ...bodies]);
}
