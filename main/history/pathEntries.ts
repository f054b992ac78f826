import type { ObjectStore } from '../objects/objectStore';
import { findTreeEntry, isTreeMode } from '../objects/parseTree';

/** "mode oid" of the entry at a path in a tree, or null where the path is absent. */
export type EntryKey = string | null;

export function entryOid(key: EntryKey): string | null {
  return key === null ? null : key.slice(key.indexOf(' ') + 1);
}

export function entryMode(key: EntryKey): string | null {
  return key === null ? null : key.slice(0, key.indexOf(' '));
}

/**
 * Looks a path up in trees, remembering each (tree, rest of path) answer:
 * subtrees that did not change between commits are read once.
 */
export class PathEntryLookup {
  treesRead = 0;
  private readonly memo = new Map<string, EntryKey>();

  constructor(private readonly store: ObjectStore) {}

  async entryAt(rootTree: string, path: string): Promise<EntryKey> {
    const parts = path.split('/').filter((p) => p.length > 0);
    return this.lookup(rootTree, parts, 0);
  }

  private async lookup(tree: string, parts: string[], i: number): Promise<EntryKey> {
    const memoKey = `${tree}:${i === 0 ? parts.join('/') : parts.slice(i).join('/')}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const obj = await this.store.readObject(tree);
    this.treesRead++;
    let result: EntryKey = null;
    if (obj.type === 'tree') {
      const entry = findTreeEntry(obj.data, parts[i]!);
      if (entry) {
        if (i === parts.length - 1) result = `${entry.mode} ${entry.oid}`;
        else if (isTreeMode(entry.mode)) result = await this.lookup(entry.oid, parts, i + 1);
      }
    }
    if (this.memo.size > 300_000) this.memo.clear(); // bounded: subtrees that repeat are found again soon
    this.memo.set(memoKey, result);
    return result;
  }
}
