import fs from 'node:fs';

export interface ReverseRecords {
  readonly fd: number;
  /** Where the first record starts, in bytes. */
  readonly start: number;
  readonly count: number;
  /** Bytes a record; a multiple of 4. */
  readonly size: number;
  /**
   * Sees each chunk after it is turned round, as 32-bit words in the machine's order (the order the index writes
   * its typed arrays in), and may change them.
   */
  readonly map?: (words: Uint32Array) => void;
  /** Bytes moved at a time from each end (1 MiB): memory stays at two chunks whatever the file's size. */
  readonly chunkBytes?: number;
}

/** Reverses, in place, the order of the records of a part of a file. */
export function reverseRecords({ fd, start, count, size, map, chunkBytes = 1 << 20 }: ReverseRecords): void {
  const words = size / 4;
  const chunk = Math.max(1, Math.floor(chunkBytes / size));
  const front = new Uint32Array(chunk * words);
  const back = new Uint32Array(chunk * words);
  const io = (read: boolean, into: Uint32Array, records: number, at: number): void => {
    const bytes = new Uint8Array(into.buffer, 0, records * size);
    const position = start + at * size;
    if (!read) return void fs.writeSync(fd, bytes, 0, bytes.length, position);
    const got = fs.readSync(fd, bytes, 0, bytes.length, position);
    if (got !== bytes.length) throw new Error(`reverseRecords: read ${got} of ${bytes.length} bytes at ${position}`);
  };
  const turn = (w: Uint32Array, records: number): void => {
    for (let i = 0, j = records - 1; i < j; i++, j--)
      for (let k = 0; k < words; k++) {
        const t = w[i * words + k]!;
        w[i * words + k] = w[j * words + k]!;
        w[j * words + k] = t;
      }
    map?.(w.subarray(0, records * words));
  };
  let lo = 0;
  let hi = count;
  while (hi - lo >= 2) {
    const n = Math.min(chunk, Math.floor((hi - lo) / 2));
    io(true, front, n, lo);
    io(true, back, n, hi - n);
    turn(front, n);
    turn(back, n);
    io(false, back, n, lo);
    io(false, front, n, hi - n);
    lo += n;
    hi -= n;
  }
  if (hi - lo === 1 && map) {
    io(true, front, 1, lo);
    turn(front, 1);
    io(false, front, 1, lo);
  }
}
