import type { GitObject, ObjectStore } from '../objects/objectStore';
import { readAll, readAllSync, type ObjectReads } from '../objects/objectReads';
import { findTreeEntry, isTreeMode } from '../objects/parseTree';
import type { EntryKey } from '../objects/entryKey';

/** Answers per memo generation: two of them hold ~10 MB; a larger memo made no walk faster (measured at a million commits). */
const MEMO_GENERATION = 32_768;

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
  private last: PathParts = { path: '', parts: [], rests: [] };

  /**
   * `rememberRoots`: keep answers for root trees too. A walk by commit id
   * looks each root tree up twice (as a commit, then as a parent); callers
   * that keep answers by commit position never ask twice, and each commit has
   * its own root tree, so remembering them would only fill the memo.
   */
  constructor(
    private readonly store: ObjectStore,
    private readonly rememberRoots = true,
  ) {}

  get readsSync(): boolean {
    return this.store.readObjectSync !== undefined;
  }

  async entryAt(rootTree: string, path: string): Promise<EntryKey> {
    return readAll(this.lookUp(rootTree, path), this.store);
  }

  /** The same lookup for stores with readObjectSync. */
  entryAtSync(rootTree: string, path: string): EntryKey {
    return readAllSync(this.lookUp(rootTree, path), this.store);
  }

  /** Down the path from the root tree: yields each tree it needs read, returns the entry (for work written as ObjectReads). */
  *lookUp(rootTree: string, path: string): ObjectReads<EntryKey> {
    const p = this.partsOf(path);
    const chain: string[] = [];
    let tree = rootTree;
    for (let i = 0; ; i++) {
      const known = this.known(p, tree, i);
      if (known !== undefined) return this.remember(p, chain, known);
      chain.push(tree);
      const step = this.step(p, yield tree, i);
      if (step === null || typeof step === 'string') return this.remember(p, chain, step);
      tree = step.subtree;
    }
  }

  /** The path's components and, per level, the rest of the path from there (kept for the last path asked). */
  private partsOf(path: string): PathParts {
    if (path !== this.last.path) {
      const parts = path.split('/').filter((x) => x.length > 0);
      this.last = { path, parts, rests: parts.map((_, i) => parts.slice(i).join('/')) };
    }
    return this.last;
  }

  private known(p: PathParts, tree: string, level: number): EntryKey | undefined {
    const rest = p.rests[level]!;
    const found = this.memo.get(rest)?.get(tree);
    return found !== undefined ? found : this.older.get(rest)?.get(tree);
  }

  /** The answer at this level, or the subtree to go down into. */
  private step(p: PathParts, obj: GitObject, level: number): EntryKey | { subtree: string } {
    this.treesRead++;
    if (obj.type !== 'tree') return null;
    const entry = findTreeEntry(obj.data, p.parts[level]!);
    if (!entry) return null;
    if (level === p.parts.length - 1) return `${entry.mode} ${entry.oid}`;
    return isTreeMode(entry.mode) ? { subtree: entry.oid } : null;
  }

  /** The answer holds for every tree on the way down (chain[i] is at level i). */
  private remember(p: PathParts, chain: readonly string[], result: EntryKey): EntryKey {
    for (let i = this.rememberRoots ? 0 : 1; i < chain.length; i++) {
      if (++this.memoSize > MEMO_GENERATION) {
        this.older = this.memo;
        this.memo = new Map();
        this.memoSize = 1;
      }
      const rest = p.rests[i]!;
      let memo = this.memo.get(rest);
      if (!memo) this.memo.set(rest, (memo = new Map<string, EntryKey>()));
      memo.set(chain[i]!, result);
    }
    return result;
  }
}

interface PathParts {
  readonly path: string;
  readonly parts: readonly string[];
  readonly rests: readonly string[];
}
