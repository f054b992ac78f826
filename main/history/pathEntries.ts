import type { GitObject, ObjectStore } from '../objects/objectStore';
import { findTreeEntry, isTreeMode } from '../objects/parseTree';

/** Answers per memo generation: two of them hold ~10 MB; a larger memo made no walk faster (measured at a million commits). */
const MEMO_GENERATION = 32_768;

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
 * subtrees that did not change between commits are read once. Reads are
 * synchronous where the store can (the hot path of every walk).
 */
export class PathEntryLookup {
  treesRead = 0;
  /**
   * Per rest of path (from some level down), the answer per tree id; in two
   * generations, so memory stays bounded and the answers of the latest
   * commits (the ones asked for again) survive when the older half goes.
   */
  private memo = new Map<string, Map<string, EntryKey>>();
  private older = new Map<string, Map<string, EntryKey>>();
  private memoSize = 0;
  private lastPath = '';
  private parts: string[] = [];
  private rests: string[] = [];

  /**
   * `rememberRoots`: keep answers for root trees too. A walk by commit id
   * looks each root tree up twice (as a commit, then as a parent); callers
   * that keep answers by commit position never ask twice, and each commit has
   * its own root tree, so remembering them would only fill the memo.
   */
  constructor(private readonly store: ObjectStore, private readonly rememberRoots = true) {}

  get readsSync(): boolean {
    return this.store.readObjectSync !== undefined;
  }

  async entryAt(rootTree: string, path: string): Promise<EntryKey> {
    if (this.readsSync) return this.entryAtSync(rootTree, path);
    const walk = this.descend(rootTree, path);
    for (let r = walk.next(); ; ) {
      if (r.done) return r.value;
      r = walk.next(await this.store.readObject(r.value));
    }
  }

  /** The same lookup for stores with readObjectSync. */
  entryAtSync(rootTree: string, path: string): EntryKey {
    const walk = this.descend(rootTree, path);
    for (let r = walk.next(); ; ) {
      if (r.done) return r.value;
      r = walk.next(this.store.readObjectSync!(r.value));
    }
  }

  /** Down the path from the root tree: yields each tree it needs read, returns the entry. */
  private *descend(rootTree: string, path: string): Generator<string, EntryKey, GitObject> {
    this.usePath(path);
    const chain: string[] = [];
    let tree = rootTree;
    for (let i = 0; ; i++) {
      const known = this.known(tree, i);
      if (known !== undefined) return this.remember(chain, known);
      chain.push(tree);
      const step = this.step(yield tree, i);
      if (step === null || typeof step === 'string') return this.remember(chain, step);
      tree = step.subtree;
    }
  }

  private usePath(path: string): void {
    if (path === this.lastPath) return;
    this.lastPath = path;
    this.parts = path.split('/').filter((p) => p.length > 0);
    this.rests = this.parts.map((_, i) => this.parts.slice(i).join('/'));
  }

  private known(tree: string, level: number): EntryKey | undefined {
    const rest = this.rests[level]!;
    const found = this.memo.get(rest)?.get(tree);
    return found !== undefined ? found : this.older.get(rest)?.get(tree);
  }

  /** The answer at this level, or the subtree to go down into. */
  private step(obj: GitObject, level: number): EntryKey | { subtree: string } {
    this.treesRead++;
    if (obj.type !== 'tree') return null;
    const entry = findTreeEntry(obj.data, this.parts[level]!);
    if (!entry) return null;
    if (level === this.parts.length - 1) return `${entry.mode} ${entry.oid}`;
    return isTreeMode(entry.mode) ? { subtree: entry.oid } : null;
  }

  /** The answer holds for every tree on the way down (chain[i] is at level i). */
  private remember(chain: readonly string[], result: EntryKey): EntryKey {
    for (let i = this.rememberRoots ? 0 : 1; i < chain.length; i++) {
      if (++this.memoSize > MEMO_GENERATION) {
        this.older = this.memo;
        this.memo = new Map();
        this.memoSize = 1;
      }
      const rest = this.rests[i]!;
      let memo = this.memo.get(rest);
      if (!memo) this.memo.set(rest, (memo = new Map<string, EntryKey>()));
      memo.set(chain[i]!, result);
    }
    return result;
  }
}
