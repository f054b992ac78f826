import type { CommitTable } from '../objects/commitTable';
import type { TopLevelChanges } from '../index/topLevelChanges';
import type { ObjectStore } from '../objects/objectStore';
import { changedTreeEntries } from '../objects/changedTreeEntries';

/**
 * Records what a commit changed in the top two levels of the tree against its
 * first parent ("mm", "mm/hmm.c"). false where there is nothing to learn.
 */
export function learnTopLevelChanges(table: CommitTable, store: ObjectStore, topLevel: TopLevelChanges, pos: number): boolean {
  if (topLevel.has(pos)) return false;
  const parents = table.parentsAt(pos);
  if (parents.length === 0) return false; // a root commit is compared with nothing: never ruled out
  if (table.knownAt?.(parents[0]!) === false) return false; // behind a shallow boundary: learned once a deepening brings it
  const tree = table.treeAt(pos);
  const parentTree = table.treeAt(parents[0]!);
  if (tree === parentTree) {
    topLevel.record(pos, []);
    return true;
  }
  const raw = (oid: string) => store.readObjectSync!(oid).data;
  const changed: string[] = [];
  for (const e of changedTreeEntries(raw(tree), raw(parentTree))) {
    changed.push(e.name);
    if (e.bothTrees) for (const child of changedTreeEntries(raw(e.oidA!), raw(e.oidB!))) changed.push(`${e.name}/${child.name}`);
    else changed.push(`${e.name}/*`);
  }
  topLevel.record(pos, changed);
  return true;
}
