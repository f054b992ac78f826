/** "mode oid" of the entry at a path in a tree, or null where the path is absent: equal keys, same content. */
export type EntryKey = string | null;

export function entryOid(key: EntryKey): string | null {
  return key === null ? null : key.slice(key.indexOf(' ') + 1);
}

export function entryMode(key: EntryKey): string | null {
  return key === null ? null : key.slice(0, key.indexOf(' '));
}
