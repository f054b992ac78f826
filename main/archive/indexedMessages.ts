import fs from 'node:fs';
import { StrataError } from '../../shared/errors';
import type { ArchiveMessage } from './archiveMessage';
import { PostingTable, postingHash, type MessageSource, type PostingKind } from './messagePostings';

/** Bytes read at a time: the messages a lookup finds sit close together (a thread, a series). */
const BLOCK = 1 << 18;
/** Blocks kept: 4 MiB. */
const KEPT_BLOCKS = 16;

/**
 * An archive index opened for reading: message n is the line of messages.jsonl at offset n, read and parsed when it is
 * asked for (the catalog keeps what it parsed); lookups go through the postings, so opening costs two file
 * reads and no JSON at all however large the archive.
 */
export class IndexedMessages implements MessageSource {
  readonly count: number;
  private readonly table: PostingTable;
  private readonly blocks = new Map<number, Buffer>();

  constructor(
    private readonly file: string,
    private readonly offsets: Float64Array,
    /** Bytes of the file that belong to the index. */
    private readonly bytes: number,
    postings: Uint32Array,
  ) {
    this.count = offsets.length;
    this.table = new PostingTable(postings);
  }

  lookup(kind: PostingKind, value: string): readonly number[] {
    return this.table.lookup(postingHash(kind, value));
  }

  read(n: number): ArchiveMessage {
    try {
      const text = this.line(this.offsets[n]!);
      if (text === null) throw new Error('no line');
      return JSON.parse(text) as ArchiveMessage;
    } catch {
      throw new StrataError(
        'CorruptIndex',
        `The index of the archive in ${this.file} does not read back (message ${n + 1}); fetch the archive again to rebuild it.`,
      );
    }
  }

  /** The line that starts at `start`, without its newline (lines are in the order they were parsed, not by number). */
  private line(start: number): string | null {
    const first = Math.floor(start / BLOCK);
    const block = this.block(first);
    const nl = block.indexOf(10, start - first * BLOCK);
    if (nl >= 0) return block.toString('utf8', start - first * BLOCK, nl);
    for (let length = BLOCK; ; length *= 2) {
      const data = this.readRange(start, Math.min(length, this.bytes - start));
      const end = data.indexOf(10);
      if (end >= 0) return data.toString('utf8', 0, end);
      if (start + length >= this.bytes) return null;
    }
  }

  private block(b: number): Buffer {
    const kept = this.blocks.get(b);
    if (kept) {
      this.blocks.delete(b);
      this.blocks.set(b, kept);
      return kept;
    }
    const data = this.readRange(b * BLOCK, Math.min(BLOCK, this.bytes - b * BLOCK));
    this.blocks.set(b, data);
    for (const k of this.blocks.keys()) {
      if (this.blocks.size <= KEPT_BLOCKS) break;
      this.blocks.delete(k);
    }
    return data;
  }

  private readRange(position: number, length: number): Buffer {
    const fd = fs.openSync(this.file, 'r');
    try {
      const data = Buffer.alloc(length);
      const got = fs.readSync(fd, data, 0, length, position);
      if (got < length)
        throw new StrataError('CorruptIndex', `The index of the archive in ${this.file} is shorter than it says; fetch the archive again.`);
      return data;
    } finally {
      fs.closeSync(fd);
    }
  }
}
