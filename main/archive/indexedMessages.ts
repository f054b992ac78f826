import fs from 'node:fs';
import { StrataError } from '../../shared/errors';
import type { ArchiveMessage } from './archiveMessage';
import { PostingTable, postingHash, type MessageSource, type PostingKind } from './messagePostings';

/** Bytes read at a time: the messages a lookup finds sit close together (a thread, a series). */
const BLOCK = 1 << 18;
/** Blocks kept: 4 MiB. */
const KEPT_BLOCKS = 16;

/**
 * An archive index opened for reading: message n is one line of messages.jsonl, read and parsed when it is
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
    const start = this.offsets[n]!;
    const end = (n + 1 < this.count ? this.offsets[n + 1]! : this.bytes) - 1; // without its newline
    const text = this.text(start, end);
    try {
      return JSON.parse(text) as ArchiveMessage;
    } catch {
      throw new StrataError(
        'CorruptIndex',
        `The index of the archive in ${this.file} does not read back (message ${n + 1}); fetch the archive again to rebuild it.`,
      );
    }
  }

  private text(start: number, end: number): string {
    const first = Math.floor(start / BLOCK);
    if (Math.floor((end - 1) / BLOCK) === first) {
      const block = this.block(first);
      return block.toString('utf8', start - first * BLOCK, end - first * BLOCK);
    }
    return this.readRange(start, end - start).toString('utf8');
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
