/** "mode oid" of the entry at a path in a tree, or null where the path is absent: equal keys, same content. */
export type EntryKey = string | null;

export function entryOid(key: EntryKey): string | null {
  return key === null ? null : key.slice(key.indexOf(' ') + 1);
}

export function entryMode(key: EntryKey): string | null {
  return key === null ? null : key.slice(0, key.indexOf(' '));
}

/** Whether a mode is a folder's (a tree: git writes 40000, some tools 040000). */
export function isFolderMode(mode: string | null): boolean {
  return mode === '40000' || mode === '040000';
}

/** Whether the entry is a folder. */
export function isFolderEntry(key: EntryKey): boolean {
  return isFolderMode(entryMode(key));
}
