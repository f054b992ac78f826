import type { ObjectStore } from '../objects/objectStore';
import { parseTree, type TreeEntry } from '../objects/parseTree';

/** A file of a parent's tree blame -C looks for copied lines in. */
export interface CopySource {
  readonly path: string;
  readonly blob: string;
  readonly mode: string;
}

const TREE = '040000';
const GITLINK = '160000';

/**
 * The files of `parent`'s tree that blame -C diffs a commit's open lines against, in the order git's tree diff
 * queues them (find_copy_in_parent): those the commit changed or deleted, or with `harder` (-C -C on a new
 * file, -C -C -C always) every file of the parent, changed or not. Submodules are passed over. Trees are stored
 * sorted as git compares names (a folder as its name and "/"), so the two are walked side by side.
 */
export async function copySources(store: ObjectStore, parent: string, commit: string, harder: boolean): Promise<CopySource[]> {
  const out: CopySource[] = [];
  await walk(store, parent, commit, '', harder, out);
  return out;
}

async function walk(store: ObjectStore, a: string, b: string | null, prefix: string, harder: boolean, out: CopySource[]): Promise<void> {
  if (a === b && !harder) return;
  const ea = parseTree((await store.readObject(a)).data);
  const eb = b === null ? [] : a === b ? ea : parseTree((await store.readObject(b)).data);
  let j = 0;
  for (const x of ea) {
    // entries of the commit's tree before this one are only in the commit (added): nothing to copy from
    while (j < eb.length && compareEntries(eb[j]!, x) < 0) j++;
    const y = j < eb.length && compareEntries(eb[j]!, x) === 0 ? eb[j]! : null;
    if (x.mode === TREE) {
      await walk(store, x.oid, y?.oid ?? null, `${prefix}${x.name}/`, harder, out);
      continue;
    }
    if (x.mode === GITLINK) continue;
    if (!harder && y && y.oid === x.oid && y.mode === x.mode) continue;
    out.push({ path: prefix + x.name, blob: x.oid, mode: x.mode });
  }
}

/** git's order of tree entries: by name's bytes, a folder's name as if it ended in "/". */
function compareEntries(p: TreeEntry, q: TreeEntry): number {
  return Buffer.compare(sortKey(p), sortKey(q));
}

function sortKey(e: TreeEntry): Buffer {
  return Buffer.from(e.mode === TREE ? `${e.name}/` : e.name, 'utf8');
}
