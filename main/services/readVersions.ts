import type { ObjectStore } from '../objects/objectStore';
import { parseCommit, parseCommitLinks } from '../objects/parseCommit';
import type { TagRef } from '../../shared/model';
import { entryMode, entryOid, type EntryKey } from '../history/pathEntries';

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

/** Tags peeled to the commit they name (annotated tags followed through). */
export async function listPeeledTags(store: ObjectStore): Promise<TagRef[]> {
  const out: TagRef[] = [];
  for (const tag of await store.listTags()) {
    let oid = tag.oid;
    for (let depth = 0; depth < 5; depth++) {
      const obj = await store.readObject(oid).catch(() => null);
      if (!obj) break;
      if (obj.type === 'commit') {
        out.push({ name: tag.name, commit: oid });
        break;
      }
      if (obj.type !== 'tag') break;
      const m = /^object ([0-9a-f]{40})/m.exec(Buffer.from(obj.data).toString('latin1'));
      if (!m) break;
      oid = m[1]!;
    }
  }
  return out;
}
