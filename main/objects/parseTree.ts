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

/** Finds one name in a tree without building every entry (the hot path of the walk). */
export function findTreeEntry(data: Uint8Array, name: string): TreeEntry | null {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const want = Buffer.from(name, 'utf8');
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(32, pos);
    const nul = buf.indexOf(0, space);
    if (space < 0 || nul < 0) throw new Error('malformed tree object');
    if (nul - space - 1 === want.length && buf.compare(want, 0, want.length, space + 1, nul) === 0) {
      const mode = buf.toString('latin1', pos, space);
      return { mode: mode.length === 5 ? `0${mode}` : mode, name, oid: buf.toString('hex', nul + 1, nul + 21) };
    }
    pos = nul + 21;
  }
  return null;
}

export const isTreeMode = (mode: string): boolean => mode === '040000';
