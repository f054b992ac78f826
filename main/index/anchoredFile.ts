import crypto from 'node:crypto';
import fs from 'node:fs';
import { readBytesIfExists } from './atomicWrite';
import { withOpenFile } from './withOpenFile';
import { sealed, unsealed } from './checksum';

/** Bytes before the body of an anchored file. */
export const ANCHORED_HEADER_BYTES = 40;

/** A new file's generation: a timeline computed from the file names it, so a rebuilt file invalidates the timeline. */
export function newGeneration(): Buffer {
  return crypto.randomBytes(8);
}

/**
 * The header of a file kept by commit position: a magic (4 bytes), the
 * anchor of the commit index it belongs to (20), two counts (4 + 4) and the
 * file's generation (8, made when the file was first made and kept across
 * saves). Data of another commit index's positions never reads back; the
 * file ends with a checksum (see checksum.ts).
 */
export function anchoredHeader(magic: string, anchor: Buffer, first: number, second: number, generation: Buffer): Buffer {
  const head = Buffer.alloc(ANCHORED_HEADER_BYTES);
  head.write(magic, 0, 'latin1');
  anchor.copy(head, 4, 0, 20);
  head.writeUInt32LE(first, 24);
  head.writeUInt32LE(second, 28);
  generation.copy(head, 32, 0, 8);
  return head;
}

/** The parts of an anchored file, sealed with their checksum, ready for writeFileAtomic. */
export function anchoredParts(head: Buffer, body: readonly Uint8Array[]): Uint8Array[] {
  return sealed([head, ...body]);
}

export interface AnchoredFile {
  /** The content without its checksum; the body starts at ANCHORED_HEADER_BYTES. */
  readonly buf: Buffer;
  readonly first: number;
  readonly second: number;
  readonly generation: Buffer;
}

/**
 * The file and its counts where it exists, is whole (its checksum matches) and belongs to this anchor;
 * `onDamaged` hears of a file that is there but whose checksum does not match.
 */
export function readAnchored(file: string, magic: string, anchor: Buffer, onDamaged?: () => void): AnchoredFile | null {
  const raw = readBytesIfExists(file);
  if (!raw) return null;
  const buf = unsealed(raw);
  if (!buf || buf.length < ANCHORED_HEADER_BYTES || buf.toString('latin1', 0, 4) !== magic) {
    if (raw.toString('latin1', 0, 4) === magic) onDamaged?.(); // another magic: an older Strata's file, rebuilt unremarked
    return null;
  }
  if (!buf.subarray(4, 24).equals(anchor)) return null;
  return { buf, first: buf.readUInt32LE(24), second: buf.readUInt32LE(28), generation: Buffer.from(buf.subarray(32, 40)) };
}

/** The generation in an anchored file's header (hex), read without the rest; null where there is no such file. */
export function generationIn(file: string, magic: string): string | null {
  return withOpenFile(file, (fd) => {
    const head = Buffer.alloc(ANCHORED_HEADER_BYTES);
    if (fs.readSync(fd, head, 0, ANCHORED_HEADER_BYTES, 0) !== ANCHORED_HEADER_BYTES || head.toString('latin1', 0, 4) !== magic)
      return null;
    return head.toString('hex', 32, 40);
  });
}
