import { defaultAbbrev } from '../objects/abbreviation';
import type { ObjectStore } from '../objects/objectStore';

/**
 * The width of the id column of `git blame`'s default output: the longest abbreviation any of the commits shown
 * needs to be unambiguous (from `core.abbrev`, else from the repository's size), and one more for the `^` of a
 * boundary commit (as git 2.39 lays it out; later releases add one only where a line carries a mark).
 */
export function blameAbbrev(store: ObjectStore, commits: Iterable<string>, coreAbbrev: number | null): number {
  let len = defaultAbbrev(store, coreAbbrev);
  if (len < 40 && store.abbreviationLength) for (const oid of commits) len = Math.max(len, store.abbreviationLength(oid, len));
  return Math.min(41, len + 1);
}
