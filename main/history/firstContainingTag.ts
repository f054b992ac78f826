import type { TagRef } from '../../shared/model';
import { versionOrderOf } from '../../shared/versionOrder';
import type { CommitTable } from '../objects/commitTable';

/** Commits marked between two turns of the event loop (a cancel gets in). */
const MARKS_PER_TURN = 100_000;

/**
 * For each wanted commit, the first tag in version order whose history contains
 * it (what `git describe --contains` approximates), over the same commit table
 * the history walk uses. Tags are taken in order and each marks the commits it
 * reaches that no earlier tag reached. `shallow` positions are roots (a shallow
 * clone has no parents for them); a tag the table lacks reaches nothing.
 */
export async function firstContainingTag(o: {
  table: CommitTable;
  tags: readonly TagRef[];
  wanted: ReadonlySet<string>;
  shallow?: ReadonlySet<number>;
  signal?: AbortSignal;
}): Promise<Record<string, string>> {
  const t = o.table;
  const result: Record<string, string> = {};
  const wanted = new Set<number>();
  for (const oid of o.wanted) {
    const pos = t.positionOf(oid);
    if (pos >= 0) wanted.add(pos);
  }
  if (wanted.size === 0) return result;
  const marked = new Uint8Array(t.count);
  let found = 0;
  let marks = 0;
  const order = versionOrderOf(o.tags.map((t) => t.name));
  for (const tag of [...o.tags].sort((a, b) => order(a.name, b.name))) {
    if (found === wanted.size || o.signal?.aborted) break;
    const start = t.positionOf(tag.commit);
    if (start < 0) continue;
    const stack = [start];
    while (stack.length) {
      const pos = stack.pop()!;
      if (marked[pos]) continue;
      marked[pos] = 1;
      if (++marks % MARKS_PER_TURN === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (o.signal?.aborted) return result;
      }
      if (wanted.has(pos)) {
        result[t.oidAt(pos)] = tag.name;
        found++;
      }
      if (o.shallow?.has(pos)) continue;
      for (const p of t.parentsAt(pos)) if (p >= 0 && !marked[p] && t.knownAt?.(p) !== false) stack.push(p);
    }
  }
  return result;
}
