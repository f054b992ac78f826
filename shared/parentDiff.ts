import type { TimelineEntry } from './model';

/** A request for two versions of a file and their diff (the `diffVersions` method's parameters). */
export interface DiffRequest {
  readonly dir: string;
  /** The file's path in `to`. */
  readonly path: string;
  /** null: the file did not exist before (an addition, or a root commit). */
  readonly from: string | null;
  readonly to: string;
  /** The file's path in `from`, where it differs (a rename or copy). */
  readonly fromPath?: string;
}

/**
 * "What this commit did to the file": the entry against its first parent, as `git log -p` shows it (a merge:
 * against the parent asked for, as `git diff <parent> <merge>` shows it). An
 * addition (or a root commit) is diffed against nothing; a rename against the old path.
 */
export function parentDiffRequest(dir: string, e: TimelineEntry, parentIndex = 0): DiffRequest {
  const parent = e.parents[parentIndex] ?? e.parents[0] ?? null;
  // the entry's status and old path are against the first parent; another parent of a merge is read as it is
  if (parentIndex > 0 && parent !== null && parent !== e.parents[0]) return { dir, path: e.path, from: parent, to: e.oid };
  return {
    dir,
    path: e.path,
    from: e.status === 'A' || parent === null ? null : parent,
    to: e.oid,
    ...(e.oldPath ? { fromPath: e.oldPath } : {}),
  };
}

/** Two picked entries compared: the older one's version of the file against the newer one's. */
export function pairDiffRequest(dir: string, a: TimelineEntry, b: TimelineEntry): DiffRequest {
  return { dir, path: b.path, from: a.oid, to: b.oid, ...(a.path !== b.path ? { fromPath: a.path } : {}) };
}
