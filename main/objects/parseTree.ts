export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
}

/**
 * A tree entry's mode as git reads it (its canon_mode): a file is 100644, or 100755 where its owner may run it, a
 * link 120000, a folder 040000 (as Strata writes git's 40000), anything else a submodule's 160000. Old tools wrote
 * others (lz4's history holds a 100744): git compares, lists and diffs them as these, so a merge whose file differs
 * from a parent's in such a mode only is the same as that parent.
 */
export function canonicalMode(raw: string): string {
  if (raw === '100644' || raw === '100755' || raw === '120000' || raw === '160000') return raw;
  if (raw === '40000' || raw === '040000') return '040000';
  const mode = parseInt(raw, 8);
  switch (mode & 0o170000) {
    case 0o100000:
      return mode & 0o100 ? '100755' : '100644';
    case 0o120000:
      return '120000';
    case 0o040000:
      return '040000';
    default:
      return '160000';
  }
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
    entries.push({ mode: canonicalMode(mode), name, oid });
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
      return { mode: canonicalMode(mode), name, oid: buf.toString('hex', nul + 1, nul + 21) };
    }
    while (nul < end && data[nul] !== 0) nul++;
    if (space >= end || nul >= end) throw new Error('malformed tree object');
    pos = nul + 21;
  }
  return null;
}

export const isTreeMode = (mode: string): boolean => mode === '040000';
