import type { CommitTable } from '../objects/commitTable';

/**
 * 1 at `from` (a range's bottom, A of `A..B`) and at each position it reaches, a shallow clone's cut taken for
 * roots: the commits a range leaves out, all of them.
 */
export function reachedFrom(table: CommitTable, from: number, shallow: ReadonlySet<number>): Uint8Array {
  const reached = new Uint8Array(table.count);
  const stack = from >= 0 ? [from] : [];
  while (stack.length > 0) {
    const pos = stack.pop()!;
    if (reached[pos]) continue;
    reached[pos] = 1;
    if (shallow.has(pos)) continue;
    for (const p of table.parentsAt(pos)) if (p >= 0 && !reached[p] && table.knownAt?.(p) !== false) stack.push(p);
  }
  return reached;
}
