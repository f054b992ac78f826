import type { TimelineEntry } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { PathEntryLookup } from '../history/pathEntries';
import { isBinary } from '../diff/isBinary';
import { diffLines } from '../diff/lineDiff';
import type { LineRecords } from '../diff/lineRecords';
import { readCommit, readEntryContent } from '../services/readVersions';
import { hashPatchLines } from './parsePatch';

function lineText(r: LineRecords, i: number): string {
  return r.data.toString('utf8', r.starts[i]!, r.starts[i + 1]!).replace(/\r?\n$/, '');
}

/**
 * Hashes of the normalised lines a timeline commit adds and removes in its file (against its first
 * parent), as git's diff (myers, its compaction) shows them in the patch that was mailed; null for binary.
 */
export async function commitFileChange(
  store: ObjectStore,
  entry: TimelineEntry,
  lookup = new PathEntryLookup(store),
): Promise<{ added: number[]; removed: number[] } | null> {
  const after = entry.blob ? (await store.readObject(entry.blob)).data : null;
  let before: Uint8Array | null = null;
  if (entry.parents.length && entry.status !== 'A') {
    const parent = await readCommit(store, entry.parents[0]!).catch(() => null);
    if (parent) before = await readEntryContent(store, await lookup.entryAt(parent.tree, entry.oldPath ?? entry.path));
  }
  if ((after && isBinary(after)) || (before && isBinary(before))) return null;
  const diff = diffLines(before, after);
  const added: string[] = [];
  const removed: string[] = [];
  for (const c of diff.changes) {
    for (let i = c.start1; i < c.start1 + c.count1; i++) removed.push(lineText(diff.lines1, i));
    for (let i = c.start2; i < c.start2 + c.count2; i++) added.push(lineText(diff.lines2, i));
  }
  return { added: hashPatchLines(added), removed: hashPatchLines(removed) };
}
