const CHUNK_BITS = 16;
/** Records per chunk: a million commits waste at most one chunk, and growing never copies. */
export const CHUNK_RECORDS = 1 << CHUNK_BITS;
const LOW = CHUNK_RECORDS - 1;

/**
 * Fixed-width records by position, in chunks of 65,536: appending never
 * copies what is there, and no capacity doubles past what is used (a flat
 * array grown by doubling holds up to twice its records, and 1.5 times while
 * it grows). Each chunk is its own typed array, ready to be written out as is.
 */
export class ChunkedColumn<T extends Uint8Array | Int32Array | Float64Array> {
  readonly chunks: T[] = [];

  /** `make(length)` makes one zeroed chunk; `width` is elements per record. */
  constructor(
    private readonly make: (length: number) => T,
    readonly width: number,
    private readonly fill?: number,
  ) {}

  /** Room for positions below n. */
  ensure(n: number): void {
    while (this.chunks.length * CHUNK_RECORDS < n) {
      const c = this.make(CHUNK_RECORDS * this.width);
      if (this.fill !== undefined) c.fill(this.fill);
      this.chunks.push(c);
    }
  }

  /** The chunk holding a position; its record starts at `offset(pos)`. */
  chunk(pos: number): T {
    return this.chunks[pos >>> CHUNK_BITS]!;
  }

  offset(pos: number): number {
    return (pos & LOW) * this.width;
  }

  get(pos: number): number {
    return this.chunk(pos)[this.offset(pos)]!;
  }

  set(pos: number, v: number): void {
    this.chunk(pos)[this.offset(pos)] = v;
  }

  /** The first n records as byte views, chunk by chunk (for writing to a file). */
  bytes(n: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i * CHUNK_RECORDS < n; i++) {
      const c = this.chunks[i]!;
      const records = Math.min(CHUNK_RECORDS, n - i * CHUNK_RECORDS);
      out.push(new Uint8Array(c.buffer, c.byteOffset, records * this.width * c.BYTES_PER_ELEMENT));
    }
    return out;
  }
}

/** 20-byte object ids by position. */
export class IdColumn extends ChunkedColumn<Buffer> {
  constructor() {
    super((length) => Buffer.alloc(length), 20);
  }

  hexAt(pos: number): string {
    const at = this.offset(pos);
    return this.chunk(pos).toString('hex', at, at + 20);
  }

  writeHex(pos: number, hex: string): void {
    this.chunk(pos).write(hex, this.offset(pos), 'hex');
  }
}
