import { isObjectMissing } from '../../shared/errors';
import type { BinaryByAttributes, LineCounts } from '../diff/countLineChanges';
import type { LineCounter } from '../diff/lineCounter';
import type { ObjectStore } from '../objects/objectStore';
import { parseCommit, parseCommitLinks } from '../objects/parseCommit';
import { entryMode, entryOid, type EntryKey } from '../objects/entryKey';

/** Content of the entry at a path; a submodule reads as git prints it in diffs. */
export async function readEntryContent(store: ObjectStore, entry: EntryKey): Promise<Uint8Array | null> {
  if (entry === null) return null;
  if (entryMode(entry) === '160000') return Buffer.from(`Subproject commit ${entryOid(entry)}\n`);
  return (await store.readObject(entryOid(entry)!)).data;
}

/** A pair's +/- counts, or `absent` where this copy of the repository lacks a version (a partial clone). */
export type PairCounts = LineCounts | 'absent';

/** Counts one version pair as `git log --numstat` does; a version the store lacks gives 'absent', not a failure. */
export async function countVersionPair(
  store: ObjectStore,
  counter: LineCounter,
  before: EntryKey,
  after: EntryKey,
  binary: BinaryByAttributes = {},
): Promise<PairCounts> {
  try {
    const versionOf = async (entry: EntryKey) => {
      const data = await readEntryContent(store, entry);
      return data === null ? null : { oid: entryOid(entry) ?? '', data };
    };
    return counter.count(await versionOf(before), await versionOf(after), binary);
  } catch (err) {
    if (isObjectMissing(err)) return 'absent';
    throw err;
  }
}

export async function readCommit(store: ObjectStore, oid: string) {
  const obj = await store.readObject(oid);
  return parseCommit(obj.data);
}

export async function rootTreeOf(store: ObjectStore, commit: string): Promise<string> {
  return parseCommitLinks((await store.readObject(commit)).data).tree;
}
