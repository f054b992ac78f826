/** A path's hashes in a changed-path Bloom filter (git's commit-graph). */
export interface BloomKey {
  readonly hashes: readonly number[];
}

/**
 * Commits by integer position: parents, commit time and root tree without
 * strings or object reads. git's commit-graph is one; Strata's own commit index
 * is the other, for repositories that have no graph.
 */
export interface CommitTable {
  readonly count: number;
  /** Position of a commit, or -1 where the table does not have it. */
  positionOf(oid: string): number;
  oidAt(pos: number): string;
  treeAt(pos: number): string;
  timeAt(pos: number): number;
  /** Parent positions, in order. */
  parentsAt(pos: number): number[];
  /** false for a commit known only as a parent, never read (behind a shallow clone's boundary); true elsewhere. */
  knownAt?(pos: number): boolean;
  /** false: certainly not changed against the first parent; true: maybe; null: no filter. */
  maybeChangedAt?(pos: number, keys: readonly BloomKey[]): boolean | null;
  bloomKeys?(path: string): BloomKey[];
}
