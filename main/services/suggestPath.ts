import type { ObjectStore } from '../objects/objectStore';
import { parseTree } from '../objects/parseTree';

/** All file paths of a tree (for suggestions and directory ledgers); `out` is filled as it goes (see listFiles in findRenameSource). */
export async function listTreePaths(store: ObjectStore, tree: string, prefix = '', out: string[] = []): Promise<string[]> {
  const obj = await store.readObject(tree);
  for (const e of parseTree(obj.data)) {
    if (e.mode === '040000') await listTreePaths(store, e.oid, `${prefix}${e.name}/`, out);
    else out.push(prefix + e.name);
  }
  return out;
}

/** The existing path closest to what the user typed: same file name first, then by edit distance. */
export function closestPath(wanted: string, paths: readonly string[]): string | undefined {
  const base = wanted.slice(wanted.lastIndexOf('/') + 1);
  let best: string | undefined;
  let bestCost = Infinity;
  for (const p of paths) {
    const pb = p.slice(p.lastIndexOf('/') + 1);
    const cost = editDistance(wanted, p) + (pb === base ? 0 : 2);
    if (cost < bestCost) {
      bestCost = cost;
      best = p;
    }
  }
  return best !== undefined && bestCost <= Math.max(4, Math.floor(wanted.length / 2)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 12) return Math.abs(a.length - b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
