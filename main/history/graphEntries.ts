import type { CommitTable } from '../objects/commitTable';
import { PositionEntries } from '../index/positionEntries';

/** Paths whose entries are kept per graph: a kernel's are 5 MB apiece. */
const PATHS_KEPT = 8;

const byTable = new WeakMap<CommitTable, Map<string, PositionEntries>>();

/**
 * A path's entry by position in git's commit-graph, kept in memory for as long as this process reads that graph
 * (they are not stored: git may rewrite its graph at any time). The walk of a timeline finds them; line history
 * and blame, asked next about the same file, read them rather than look the file up in those commits again.
 */
export function graphEntries(table: CommitTable, path: string): PositionEntries {
  let paths = byTable.get(table);
  if (!paths) byTable.set(table, (paths = new Map<string, PositionEntries>()));
  let entries = paths.get(path);
  if (entries) {
    // the most recently asked last: the first is dropped when the map is full
    paths.delete(path);
    paths.set(path, entries);
    return entries;
  }
  if (paths.size >= PATHS_KEPT) paths.delete(paths.keys().next().value as string);
  paths.set(path, (entries = new PositionEntries(table.count)));
  return entries;
}
