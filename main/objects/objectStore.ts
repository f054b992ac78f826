import type { CommitGraph } from './commitGraph';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  readonly type: ObjectType;
  readonly data: Uint8Array;
}

export interface RefEntry {
  readonly name: string;
  readonly oid: string;
}

/**
 * Every read of a git object goes through this interface, so a faster reader
 * can replace the isomorphic-git one without touching the history walk.
 */
export interface ObjectStore {
  readonly gitdir: string;
  readObject(oid: string): Promise<GitObject>;
  /** The same read without a promise, where the store can (Strata's own reader). */
  readObjectSync?(oid: string): GitObject;
  /** Resolves a ref name, a full or abbreviated oid, or HEAD, to a full oid. */
  resolve(rev: string): Promise<string>;
  /** Tags as name → object id (not peeled). */
  listTags(): Promise<readonly RefEntry[]>;
  /** Commits the repository was cut at by a shallow clone: their parents are not there. */
  shallowCommits(): Promise<ReadonlySet<string>>;
  /** git's commit-graph where the repository has one (parents, trees, times and Bloom filters without object reads). */
  commitGraph?(): CommitGraph | null;
  /** Commits as stored, front to back, where that is cheaper than by id; not necessarily all of them. Each one's data is only good until the next. */
  storedCommits?(): Iterable<{ oid: string; data: Uint8Array }>;
}
