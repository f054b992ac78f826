import { diffArrays } from 'diff';
import type { TimelineEntry } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { PathEntryLookup } from '../history/pathEntries';
import { isBinary } from '../history/similarity';
import { readCommit, readEntryContent } from '../services/readVersions';
import { hashPatchLines } from './parsePatch';

function lines(data: Uint8Array | null): string[] {
  if (!data || data.length === 0) return [];
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Hashes of the normalised lines a timeline commit adds and removes in its file (against its first parent); null for binary. */
export async function commitFileChange(store: ObjectStore, entry: TimelineEntry, lookup = new PathEntryLookup(store)): Promise<{ added: number[]; removed: number[] } | null> {
  const after = entry.blob ? (await store.readObject(entry.blob)).data : null;
  let before: Uint8Array | null = null;
  if (entry.parents.length && entry.status !== 'A') {
    const parent = await readCommit(store, entry.parents[0]!).catch(() => null);
    if (parent) before = await readEntryContent(store, await lookup.entryAt(parent.tree, entry.oldPath ?? entry.path));
  }
  if ((after && isBinary(after)) || (before && isBinary(before))) return null;
  const added: string[] = [];
  const removed: string[] = [];
  const x = lines(before);
  const y = lines(after);
  // the shared start and end are no part of the change: only the middle is diffed
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  for (const part of diffArrays(x.slice(head, x.length - tail), y.slice(head, y.length - tail))) {
    if (part.added) added.push(...part.value);
    else if (part.removed) removed.push(...part.value);
  }
  return { added: hashPatchLines(added), removed: hashPatchLines(removed) };
}
