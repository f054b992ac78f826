import type { BloomKey, CommitTable } from '../objects/commitTable';
import type { TopLevelChanges } from '../index/topLevelChanges';

/**
 * Whether a commit certainly left a path as its first parent had it, without a tree read: git's changed-path Bloom
 * filters (where the table has them) or the change sets Strata learned say so. The keys and parts are made once
 * per path, so it serves a walk that follows a file through renames.
 */
export function keptFromFirstParent(table: CommitTable, topLevel: TopLevelChanges | null): (pos: number, path: string) => boolean {
  const keys = new Map<string, BloomKey[]>();
  const parts = new Map<string, string[]>();
  return (pos, path) => {
    if (table.bloomKeys && table.maybeChangedAt) {
      let k = keys.get(path);
      if (!k) keys.set(path, (k = table.bloomKeys(path)));
      if (table.maybeChangedAt(pos, k) === false) return true;
    }
    if (!topLevel) return false;
    let p = parts.get(path);
    if (!p) parts.set(path, (p = path.split('/')));
    return topLevel.maybeChanged(pos, p) === false;
  };
}
