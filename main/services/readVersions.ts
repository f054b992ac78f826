import type { ObjectStore } from '../objects/objectStore';
import { parseCommit, parseCommitLinks } from '../objects/parseCommit';
import { entryMode, entryOid, type EntryKey } from '../objects/entryKey';

/** Content of the entry at a path; a submodule reads as git prints it in diffs. */
export async function readEntryContent(store: ObjectStore, entry: EntryKey): Promise<Uint8Array | null> {
  if (entry === null) return null;
  if (entryMode(entry) === '160000') return Buffer.from(`Subproject commit ${entryOid(entry)}\n`);
  return (await store.readObject(entryOid(entry)!)).data;
}

export async function readCommit(store: ObjectStore, oid: string) {
  const obj = await store.readObject(oid);
  return parseCommit(obj.data);
}

export async function rootTreeOf(store: ObjectStore, commit: string): Promise<string> {
  return parseCommitLinks((await store.readObject(commit)).data).tree;
}
