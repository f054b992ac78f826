export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
}

export function parseTree(data: Uint8Array): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(32, pos);
    const nul = buf.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > buf.length) throw new Error('malformed tree object');
    const mode = buf.toString('latin1', pos, space);
    const name = buf.toString('utf8', space + 1, nul);
    const oid = buf.toString('hex', nul + 1, nul + 21);
    entries.push({ mode: mode.length === 5 ? `0${mode}` : mode, name, oid });
    pos = nul + 21;
  }
  return entries;
}

/** Names looked for, as bytes: a walk asks for the same few again and again, level after level of one path. */
const nameBytes = new Map<string, Uint8Array>();
const NAMES_KEPT = 256;

function bytesOf(name: string): Uint8Array {
  let bytes = nameBytes.get(name);
  if (bytes === undefined) {
    if (nameBytes.size >= NAMES_KEPT) nameBytes.clear();
    nameBytes.set(name, (bytes = Buffer.from(name, 'utf8')));
  }
  return bytes;
}

/**
 * Finds one name in a tree without building every entry (the hot path of the walk). The bytes are scanned here:
 * a native call per entry (indexOf, compare) cost more than the few bytes each looks at.
 */
export function findTreeEntry(data: Uint8Array, name: string): TreeEntry | null {
  const want = bytesOf(name);
  const n = want.length;
  const end = data.length;
  let pos = 0;
  while (pos < end) {
    let space = pos;
    while (space < end && data[space] !== 32) space++;
    const start = space + 1;
    let i = 0;
    while (i < n && start + i < end && data[start + i] === want[i]) i++;
    let nul = start + i;
    if (i === n && nul < end && data[nul] === 0) {
      if (nul + 21 > end) throw new Error('malformed tree object');
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const mode = buf.toString('latin1', pos, space);
      return { mode: mode.length === 5 ? `0${mode}` : mode, name, oid: buf.toString('hex', nul + 1, nul + 21) };
    }
    while (nul < end && data[nul] !== 0) nul++;
    if (space >= end || nul >= end) throw new Error('malformed tree object');
    pos = nul + 21;
  }
  return null;
}

export const isTreeMode = (mode: string): boolean => mode === '040000';
