import crypto from 'node:crypto';
import { hashObject } from '../objects/hashObject';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { applyDelta } from '../objects/pack/applyDelta';
import { OFS_DELTA, REF_DELTA, TYPE_NAMES, parseEntryHeader } from '../objects/pack/packFile';
import { inflateEntry, isTruncation } from '../objects/pack/inflater';
import { SequentialReader } from '../objects/pack/sequentialReader';
import { BlockReader } from '../objects/pack/blockReader';

/**
 * Writes the .idx (version 2) of a pack by reading it from disk: one pass to
 * find every entry, then deltas resolved depth first from their bases, so the
 * pack is never held in memory — only a few objects along one delta chain.
 * It can be fed while the pack is still arriving: advance() takes the first
 * pass as far as the bytes on disk allow (so it runs while the server is
 * still sending), finish() does the rest once the pack is whole.
 */
export class PackIndexer {
  private readonly fd: number;
  private readonly reader: SequentialReader;
  private count = -1;
  private i = 0;
  private off = 12;
  private offsets = new Float64Array(0);
  private crcs = new Uint32Array(0);
  private kinds = new Uint8Array(0);
  private sizes = new Float64Array(0);
  private shas = Buffer.alloc(0);
  private resolved = new Uint8Array(0);
  private dataStarts = new Float64Array(0);
  private readonly ofsChildren = new Map<number, number[]>(); // base offset → entries
  private readonly refChildren = new Map<string, number[]>(); // base oid → entries
  /** After an entry was found incomplete: wait for this many bytes before inflating it again. */
  private retryAt = 0;

  constructor(
    private readonly packPath: string,
    private readonly onProgress?: (p: Progress) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.fd = fs.openSync(packPath, 'r');
    this.reader = new SequentialReader(this.fd, 0);
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** The first pass over entries that lie whole within the first `available` bytes. */
  advance(available: number, final = false): void {
    if (!final && available < this.retryAt) return;
    this.reader.size = available;
    if (this.count < 0) {
      if (available < 12) return;
      const head = this.reader.bytes(0, 12);
      if (head.toString('latin1', 0, 4) !== 'PACK' || ![2, 3].includes(head.readUInt32BE(4)))
        throw new StrataError('NetworkLost', 'The server did not send a git pack.');
      const count = (this.count = head.readUInt32BE(8));
      this.offsets = new Float64Array(count);
      this.crcs = new Uint32Array(count);
      this.kinds = new Uint8Array(count);
      this.sizes = new Float64Array(count);
      this.shas = Buffer.alloc(count * 20);
      this.resolved = new Uint8Array(count);
      this.dataStarts = new Float64Array(count);
    }
    // while the pack arrives, the last 20 bytes seen may be its checksum: only finish() knows where entries end
    const end = final ? available - 20 : available;
    for (; this.i < this.count; this.i++) {
      if (this.signal?.aborted) throw new StrataError('Cancelled', 'The clone was cancelled; nothing was kept.');
      const { i, off } = this;
      if (!final && off + 32 > end) return;
      const entry = parseEntryHeader(this.reader.bytes(off, 32), off, this.packPath);
      let inflated: { data: Buffer; consumed: number };
      try {
        inflated = inflateEntry(this.reader, entry.dataStart, entry.size, end);
      } catch (err) {
        if (!final && isTruncation(err)) {
          // the rest of this entry has not arrived yet: a large one is tried again only when twice as much of it is here
          this.retryAt = entry.dataStart + 2 * Math.max(0, available - entry.dataStart) + (1 << 16);
          return;
        }
        throw damaged(entry.dataStart, err);
      }
      const { type, size: objSize } = entry;
      this.offsets[i] = off;
      this.kinds[i] = type;
      this.sizes[i] = objSize;
      this.dataStarts[i] = entry.dataStart;
      if (entry.baseOffset !== undefined) {
        const list = this.ofsChildren.get(entry.baseOffset);
        if (list) list.push(i);
        else this.ofsChildren.set(entry.baseOffset, [i]);
      } else if (entry.baseOid) {
        const base = entry.baseOid.toString('hex');
        const list = this.refChildren.get(base);
        if (list) list.push(i);
        else this.refChildren.set(base, [i]);
      }
      if (type !== OFS_DELTA && type !== REF_DELTA) {
        const name = TYPE_NAMES[type];
        if (!name) throw new StrataError('NetworkLost', `The received pack has an unknown object type ${type}.`);
        hashObject(name, inflated.data).copy(this.shas, i * 20);
        this.resolved[i] = 1;
      }
      const next = entry.dataStart + inflated.consumed;
      this.crcs[i] = zlib.crc32(this.reader.bytes(off, next - off));
      this.off = next;
      if (i % 5000 === 0) this.onProgress?.({ phase: 'Indexing objects', loaded: i, total: this.count });
    }
  }

  /** Completes the first pass over the whole file, resolves the deltas and writes the .idx. */
  finish(idxPath: string): { count: number; packSha: string } {
    const size = fs.fstatSync(this.fd).size;
    this.advance(size, true);
    const packEnd = size - 20;
    if (this.count < 0) throw new StrataError('NetworkLost', 'The server did not send a git pack.');
    if (this.off !== packEnd) throw new StrataError('NetworkLost', 'The received pack has bytes after its last object; it is damaged.');
    const { fd, count, offsets, crcs, kinds, sizes, shas, resolved, dataStarts, ofsChildren, refChildren, reader, signal, onProgress } =
      this;

    // deltas, depth first from each resolved base: reads jump around the pack, through a block cache
    const random = new BlockReader(() => fd, size);
    const byOid = new Map<string, number>();
    for (let i = 0; i < count; i++) if (resolved[i]) byOid.set(shas.toString('hex', i * 20, i * 20 + 20), i);
    let done = 0;
    const deltaTotal = count - byOid.size;
    const inflateKnown = (at: number, len: number): Buffer => {
      try {
        return inflateEntry(random, at, len, packEnd).data;
      } catch (err) {
        throw damaged(at, err);
      }
    };
    const contentOf = (i: number): { type: string; data: Buffer } => ({
      type: TYPE_NAMES[kinds[i]!]!,
      data: inflateKnown(dataStarts[i]!, sizes[i]!),
    });
    const resolveChildren = (i: number, type: string, data: Buffer): void => {
      const children = [
        ...(ofsChildren.get(offsets[i]!) ?? []),
        ...(refChildren.size ? (refChildren.get(shas.toString('hex', i * 20, i * 20 + 20)) ?? []) : []),
      ];
      for (const child of children) {
        if (resolved[child]) continue;
        const delta = inflateKnown(dataStarts[child]!, sizes[child]!);
        const out = applyDelta(data, delta);
        hashObject(type, out).copy(shas, child * 20);
        resolved[child] = 1;
        kinds[child] = kinds[i]!;
        if (++done % 5000 === 0) {
          if (signal?.aborted) throw new StrataError('Cancelled', 'The clone was cancelled; nothing was kept.');
          onProgress?.({ phase: 'Resolving deltas', loaded: done, total: deltaTotal });
        }
        resolveChildren(child, type, out);
      }
    };
    for (let i = 0; i < count; i++) {
      if (!resolved[i] || kinds[i] === OFS_DELTA || kinds[i] === REF_DELTA) continue;
      if (!ofsChildren.has(offsets[i]!) && !refChildren.has(shas.toString('hex', i * 20, i * 20 + 20))) continue;
      const { type, data } = contentOf(i);
      resolveChildren(i, type, data);
    }
    for (let i = 0; i < count; i++)
      if (!resolved[i])
        throw new StrataError('NetworkLost', 'The received pack refers to objects it does not contain (a thin pack); try the clone again.');
    onProgress?.({ phase: 'Resolving deltas', loaded: deltaTotal, total: deltaTotal });

    const packSha = reader.bytes(packEnd, 20).toString('hex');
    writeIdx(idxPath, count, shas, crcs, offsets, Buffer.from(packSha, 'hex'));
    return { count, packSha };
  }
}

function damaged(at: number, err: unknown): StrataError {
  return new StrataError('NetworkLost', `The received pack is damaged (object at ${at}: ${(err as Error).message}).`);
}

function writeIdx(idxPath: string, count: number, shas: Buffer, crcs: Uint32Array, offsets: Float64Array, packSha: Buffer): void {
  // by id: the first 8 bytes as numbers decide nearly always (a comparator calling Buffer.compare a million times is slow)
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    hi[i] = shas.readUInt32BE(i * 20);
    lo[i] = shas.readUInt32BE(i * 20 + 4);
  }
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || shas.compare(shas, b * 20, b * 20 + 20, a * 20, a * 20 + 20),
  );
  const large: number[] = [];
  const fanout = Buffer.alloc(256 * 4);
  const sortedShas = Buffer.alloc(count * 20);
  const crcTable = Buffer.alloc(count * 4);
  const offTable = Buffer.alloc(count * 4);
  const counts = new Uint32Array(256);
  order.forEach((i, k) => {
    shas.copy(sortedShas, k * 20, i * 20, i * 20 + 20);
    crcTable.writeUInt32BE(crcs[i]!, k * 4);
    const o = offsets[i]!;
    if (o < 0x80000000) offTable.writeUInt32BE(o, k * 4);
    else {
      offTable.writeUInt32BE((0x80000000 | large.length) >>> 0, k * 4);
      large.push(o);
    }
    counts[shas[i * 20]!]!++;
  });
  let acc = 0;
  for (let b = 0; b < 256; b++) {
    acc += counts[b]!;
    fanout.writeUInt32BE(acc, b * 4);
  }
  const largeTable = Buffer.alloc(large.length * 8);
  large.forEach((o, k) => {
    largeTable.writeUInt32BE(Math.floor(o / 0x100000000), k * 8);
    largeTable.writeUInt32BE(o % 0x100000000, k * 8 + 4);
  });
  const body = Buffer.concat([
    Buffer.from([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]),
    fanout,
    sortedShas,
    crcTable,
    offTable,
    largeTable,
    packSha,
  ]);
  const sum = crypto.createHash('sha1').update(body).digest();
  fs.writeFileSync(idxPath, Buffer.concat([body, sum]));
}
