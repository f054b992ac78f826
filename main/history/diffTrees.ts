import type { FileChange } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { parseTree, type TreeEntry } from '../objects/parseTree';

export interface TreeChange extends FileChange {
  readonly before: string | null;
  readonly after: string | null;
}

/** Files that differ between two trees (no rename detection), in path order. */
export async function diffTrees(
  store: ObjectStore,
  a: string | null,
  b: string | null,
  prefix = '',
  out: TreeChange[] = [],
  limit = 20000,
): Promise<TreeChange[]> {
  if (a === b || out.length >= limit) return out;
  const ea = a ? parseTree((await store.readObject(a)).data) : [];
  const eb = b ? parseTree((await store.readObject(b)).data) : [];
  const byName = (list: TreeEntry[]) => new Map(list.map((e) => [e.name, e]));
  const ma = byName(ea);
  const mb = byName(eb);
  for (const name of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
    const x = ma.get(name);
    const y = mb.get(name);
    if (x && y && x.oid === y.oid && x.mode === y.mode) continue;
    const xTree = x?.mode === '040000' ? x.oid : null;
    const yTree = y?.mode === '040000' ? y.oid : null;
    if (xTree || yTree) await diffTrees(store, xTree, yTree, `${prefix}${name}/`, out, limit);
    const xFile = x && x.mode !== '040000' ? x : null;
    const yFile = y && y.mode !== '040000' ? y : null;
    if (xFile || yFile) {
      out.push({
        path: prefix + name,
        status: xFile && yFile ? 'M' : yFile ? 'A' : 'D',
        before: xFile?.oid ?? null,
        after: yFile?.oid ?? null,
      });
    }
  }
  return out;
}
