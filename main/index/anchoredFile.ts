import { readBytesIfExists } from './atomicWrite';

/**
 * The header of a file kept by commit position: a magic (4 bytes), the
 * anchor of the commit index it belongs to (20) and two counts (4 + 4).
 * Data of another commit index's positions never reads back.
 */
export function anchoredHeader(magic: string, anchor: Buffer, first: number, second: number): Buffer {
  const head = Buffer.alloc(32);
  head.write(magic, 0, 'latin1');
  anchor.copy(head, 4, 0, 20);
  head.writeUInt32LE(first, 24);
  head.writeUInt32LE(second, 28);
  return head;
}

/** The file and its two counts where it exists and belongs to this anchor; the body starts at 32. */
export function readAnchored(file: string, magic: string, anchor: Buffer): { buf: Buffer; first: number; second: number } | null {
  const buf = readBytesIfExists(file);
  if (!buf || buf.length < 32 || buf.toString('latin1', 0, 4) !== magic || !buf.subarray(4, 24).equals(anchor)) return null;
  return { buf, first: buf.readUInt32LE(24), second: buf.readUInt32LE(28) };
}
