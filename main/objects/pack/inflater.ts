import zlib from 'node:zlib';

/** What Node's zlib engine keeps inside: the native handle and the two counters it writes after each call. */
interface NativeInflate {
  _handle?: {
    writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
    reset(): void;
    close(): void;
    onerror: (message: string, errno: number, code?: string) => void;
  } | null;
  _writeState?: Uint32Array;
}

export interface Inflated {
  readonly data: Buffer;
  /** Compressed bytes the stream took: the next pack entry starts right after them. */
  readonly consumed: number;
}

/**
 * Inflates zlib streams one after another through one native zlib stream,
 * reset between objects. `zlib.inflateSync` sets up a native stream on every
 * call (about 4 µs, most of the cost of a 300-byte commit); a walk inflates
 * hundreds of thousands of small objects. This drives the handle behind Node's
 * own sync API the way that API does, and falls back to `zlib.inflateSync`
 * where a Node release keeps it differently.
 */
export class Inflater {
  private engine: NativeInflate | null = null;
  private error: Error | null = null;
  private readonly reusable: boolean;

  /** `reuse: false` takes the fallback (one `zlib.inflateSync` per object) even where the handle is there. */
  constructor(reuse = true) {
    this.reusable = reuse && this.open() !== null;
  }

  private open(): NativeInflate | null {
    const engine = new zlib.Inflate() as unknown as NativeInflate;
    const handle = engine._handle;
    if (
      !handle ||
      typeof handle.writeSync !== 'function' ||
      typeof handle.reset !== 'function' ||
      !(engine._writeState instanceof Uint32Array)
    )
      return null;
    handle.onerror = (message, errno, code) => {
      this.error = Object.assign(new Error(message), { errno, code });
    };
    this.engine = engine;
    return engine;
  }

  /**
   * Inflates the stream at the start of `input` (bytes after it are ignored)
   * to exactly `size` bytes, into `out` when given and large enough. A stream
   * cut short throws an error with code Z_BUF_ERROR (give it more input).
   */
  inflate(input: Uint8Array, size: number, out?: Uint8Array): Inflated {
    if (!this.reusable) return this.inflateOnce(input, size);
    const engine = this.engine ?? this.open()!;
    const handle = engine._handle!;
    // one spare byte: with room left, zlib reads the stream's checksum and says where it ended
    const target = out && out.length > size ? out : new Uint8Array(size + 1);
    this.error = null;
    handle.reset();
    handle.writeSync(zlib.constants.Z_FINISH, input, 0, input.length, target, 0, size + 1);
    const err = this.error as Error | null;
    if (err) {
      // the engine is not trusted after an error: the next call opens a new one
      handle.close();
      this.engine = null;
      throw err;
    }
    const state = engine._writeState!;
    const produced = size + 1 - state[0]!;
    if (produced !== size) throw Object.assign(new Error(`inflated ${produced} bytes, expected ${size}`), { code: 'Z_DATA_ERROR' });
    return { data: Buffer.from(target.buffer, target.byteOffset, size), consumed: input.length - state[1]! };
  }

  /**
   * The first bytes (at most `max`) the stream at the start of `input` inflates to, where `input` may hold only the
   * stream's start: what a delta's header (the sizes it works from and makes) needs, without inflating the rest.
   */
  inflateHead(input: Uint8Array, max: number): Uint8Array {
    if (!this.reusable) {
      const all = zlib.inflateSync(input, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      return all.subarray(0, Math.min(max, all.length));
    }
    const engine = this.engine ?? this.open()!;
    const handle = engine._handle!;
    const out = new Uint8Array(max);
    this.error = null;
    handle.reset();
    handle.writeSync(zlib.constants.Z_SYNC_FLUSH, input, 0, input.length, out, 0, max);
    const err = this.error as Error | null;
    if (err) {
      handle.close();
      this.engine = null;
      throw err;
    }
    return out.subarray(0, max - engine._writeState![0]!);
  }

  private inflateOnce(input: Uint8Array, size: number): Inflated {
    const r = zlib.inflateSync(input, { info: true, chunkSize: Math.max(64, size + 64) }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (r.buffer.length !== size)
      throw Object.assign(new Error(`inflated ${r.buffer.length} bytes, expected ${size}`), { code: 'Z_DATA_ERROR' });
    return { data: r.buffer, consumed: r.engine.bytesWritten };
  }
}

/** One per thread: inflation is synchronous, so callers never interleave. */
export const inflater = new Inflater();

export interface ByteSource {
  bytes(offset: number, len: number): Buffer;
}

/**
 * Inflates the pack entry data at `dataStart` to `size` bytes, reading a
 * window that fits the compressed stream and a larger one when it did not.
 */
export function inflateEntry(source: ByteSource, dataStart: number, size: number, end: number, out?: Uint8Array): Inflated {
  let window = Math.min(end - dataStart, size + (size >> 10) + 64);
  for (;;) {
    try {
      return inflater.inflate(source.bytes(dataStart, window), size, out);
    } catch (err) {
      if (!isTruncation(err) || window >= end - dataStart) throw err;
      window = Math.min(end - dataStart, window * 2);
    }
  }
}

/** The stream was cut short: more input may complete it. */
export function isTruncation(err: unknown): boolean {
  const e = err as { code?: string | number; message?: string };
  return e.code === 'Z_BUF_ERROR' || /unexpected end of file|unexpected EOF/i.test(e.message ?? '');
}
