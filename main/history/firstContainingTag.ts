import type { TagRef } from '../../shared/model';
import { versionOrderOf, versionTag } from '../../shared/versionOrder';
import type { CommitTable } from '../objects/commitTable';

/** Commits marked between two turns of the event loop (a cancel gets in). */
const MARKS_PER_TURN = 100_000;

/**
 * For each wanted commit, the first release whose history contains it (what `git describe --contains`
 * approximates), over the same commit table the history walk uses. Tags are taken in version order and each marks
 * the commits it reaches that no earlier tag reached — except that a release a tag contains comes before it,
 * whatever their names say: a scheme that changed (lz4's r131, then v1.7.3), decimal numbers (zlib's v0.71, v0.79,
 * then v0.8), a letter read otherwise. So where a tag's walk comes upon the commit of a version tag not taken
 * yet, that walk is undone and those tags are taken first. `shallow` positions are roots (a shallow clone has no
 * parents for them); a tag the table lacks reaches nothing.
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
  const byOrder = (a: TagRef, b: TagRef) => order(a.name, b.name);
  const sorted = [...o.tags].sort(byOrder);
  // the commits version tags name, while those tags are not taken: a walk that reaches one undoes itself
  const versionsAt = new Map<number, TagRef[]>();
  for (const tag of sorted) {
    const pos = t.positionOf(tag.commit);
    if (pos >= 0 && versionTag(tag.name)) versionsAt.set(pos, [...(versionsAt.get(pos) ?? []), tag]);
  }
  const taken = new Set<TagRef>();
  // walks undone cost their marks again: past this many a tag keeps what its walk reached (a history whose version
  // order runs against its tags' order throughout)
  const budget = 4 * t.count + 1_000_000;

  const take = async (tag: TagRef, start: number): Promise<boolean> => {
    const reached: number[] = [];
    const earlier: TagRef[] = [];
    const stack = [start];
    while (stack.length) {
      const pos = stack.pop()!;
      if (marked[pos]) continue;
      marked[pos] = 1;
      reached.push(pos);
      if (++marks % MARKS_PER_TURN === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (o.signal?.aborted) return false;
      }
      if (wanted.has(pos)) {
        result[t.oidAt(pos)] = tag.name;
        found++;
      }
      if (pos !== start) for (const other of versionsAt.get(pos) ?? []) if (!taken.has(other)) earlier.push(other);
      if (o.shallow?.has(pos)) continue;
      for (const p of t.parentsAt(pos)) if (p >= 0 && !marked[p] && t.knownAt?.(p) !== false) stack.push(p);
    }
    if (earlier.length === 0 || marks > budget) {
      taken.add(tag);
      return true;
    }
    for (const pos of reached) {
      marked[pos] = 0;
      if (wanted.has(pos)) {
        delete result[t.oidAt(pos)];
        found--;
      }
    }
    for (const other of earlier.sort(byOrder)) if (!taken.has(other) && !(await take(other, t.positionOf(other.commit)))) return false;
    return take(tag, start);
  };

  for (const tag of sorted) {
    if (found === wanted.size || o.signal?.aborted) break;
    if (taken.has(tag)) continue;
    const start = t.positionOf(tag.commit);
    if (start < 0) continue;
    if (!(await take(tag, start))) break;
  }
  return result;
}
