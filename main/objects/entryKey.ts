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

/**
 * A path that is a folder on one side and a file (or link) on the other: the file was added there, or deleted, as
 * git's --numstat and --name-status say (the folder's files are other paths); the folder side counts as absent.
 */
export function asFileChange(before: EntryKey, after: EntryKey): [EntryKey, EntryKey] {
  if (before === null || after === null || isFolderEntry(before) === isFolderEntry(after)) return [before, after];
  return isFolderEntry(before) ? [null, after] : [before, null];
}
