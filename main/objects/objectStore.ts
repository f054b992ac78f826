import type { CommitGraph } from './commitGraph';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  readonly type: ObjectType;
  readonly data: Uint8Array;
}

/**
 * Every read of a git object goes through this interface, so a faster reader
 * can replace the isomorphic-git one without touching the history walk.
 * Refs are not objects: they are read by `RefStore`.
 */
export interface ObjectStore {
  readonly gitdir: string;
  readObject(oid: string): Promise<GitObject>;
  /** The same read without a promise, where the store can (Strata's own reader). */
  readObjectSync?(oid: string): GitObject;
  /** The object's type without reading its content, where the store can (null: not there). */
  objectType?(oid: string): ObjectType | null;
  /** The object's size in bytes without reading its content, where the store can (null: not there). */
  objectSize?(oid: string): number | null;
  /** Full ids of the objects whose id starts with a hex prefix (up to two: one is an answer, two an ambiguity). */
  findAbbreviated(prefix: string): Promise<string[]>;
  /** Commits the repository was cut at by a shallow clone: their parents are not there. */
  shallowCommits(): Promise<ReadonlySet<string>>;
  /** git's commit-graph where the repository has one (parents, trees, times and Bloom filters without object reads). */
  commitGraph?(): CommitGraph | null;
  /**
   * The fewest hex digits, at least `min`, that name `oid` and no other object (git's find_unique_abbrev), where
   * the store can tell.
   */
  abbreviationLength?(oid: string, min: number): number;
  /** How many objects the packs hold (loose ones not counted), where the store knows without reading them. */
  packedObjects?(): number;
  /**
   * Commits as stored, front to back, where that is cheaper than by id; not necessarily all of them. Each one's
   * id (20 bytes) and data are only good until the next.
   */
  storedCommits?(): Iterable<{ id: Uint8Array; data: Uint8Array }>;
  /** The objects `git replace` stands in for (read as their replacements by readObject), by id. */
  replacements?(): ReadonlyMap<string, string>;
  /** The parents info/grafts gives commits (read with them by readObject), by commit id. */
  grafts?(): ReadonlyMap<string, readonly string[]>;
  /**
   * Forgets what the repository may have changed on disk since it was opened
   * (a fetch adds packs and moves the shallow list, git gc repacks and rewrites
   * the commit-graph); objects already read stay valid, they never change.
   */
  refresh(): void;
  /** Releases every file descriptor (pack indexes and packs); a later read opens what it needs again. */
  close(): void;
}
