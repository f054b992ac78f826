import zlib from 'node:zlib';

/**
 * Every index file ends with a checksum of its content: "SUM" and a format byte, then the CRC-32 of all
 * that comes before (4 bytes, little-endian). CRC-32 runs at several GB/s, so checking a file on every
 * reopen costs a few milliseconds; a file whose bytes were flipped, even without changing its size,
 * is found out and rebuilt, never trusted.
 */
const TRAILER = Buffer.from('SUM1', 'latin1');
export const CHECKSUM_BYTES = 8;

/** The CRC-32 of parts read one after the other. */
export function crcOf(parts: readonly Uint8Array[], start = 0): number {
  let crc = start;
  for (const p of parts) crc = zlib.crc32(p, crc);
  return crc;
}

/** The trailer that seals content whose CRC-32 is `crc`. */
export function trailerFor(crc: number): Buffer {
  const t = Buffer.alloc(CHECKSUM_BYTES);
  TRAILER.copy(t, 0);
  t.writeUInt32LE(crc >>> 0, 4);
  return t;
}

/** The parts to write, followed by their trailer. */
export function sealed(parts: readonly Uint8Array[]): Uint8Array[] {
  return [...parts, trailerFor(crcOf(parts))];
}

/** Whether `trailer` (the file's last 8 bytes) seals content whose CRC-32 is `crc`. */
export function sealMatches(trailer: Uint8Array, crc: number): boolean {
  return trailer.length === CHECKSUM_BYTES && Buffer.from(trailer.buffer, trailer.byteOffset, 8).equals(trailerFor(crc));
}

/** Whether a file ends in a trailer's marker (sealed, whether or not its checksum still matches). */
export function hasTrailer(buf: Uint8Array): boolean {
  return buf.length >= CHECKSUM_BYTES && Buffer.from(buf.buffer, buf.byteOffset + buf.length - CHECKSUM_BYTES, 4).equals(TRAILER);
}

/** The content of a sealed file, or null where its checksum does not match (damaged, or written without one). */
export function unsealed(buf: Buffer | null): Buffer | null {
  if (!buf || buf.length < CHECKSUM_BYTES) return null;
  const body = buf.subarray(0, buf.length - CHECKSUM_BYTES);
  return sealMatches(buf.subarray(buf.length - CHECKSUM_BYTES), zlib.crc32(body)) ? body : null;
}
