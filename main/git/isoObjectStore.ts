import fs from 'node:fs';
import { StrataError } from '../../shared/errors';
import type { GitObject, ObjectStore, ObjectType } from '../objects/objectStore';
import { readShallowFile } from '../objects/shallowFile';

/** isomorphic-git, loaded when this store first reads (most repositories are read by Strata's own reader). */
async function isoGit() {
  return (await import('isomorphic-git')).default;
}

/** The object store over isomorphic-git's reader (packs, loose objects). */
export function openIsoObjectStore(gitdir: string): ObjectStore {
  let cache = {};
  let shallow: Promise<ReadonlySet<string>> | null = null;
  return {
    gitdir,
    async readObject(oid: string): Promise<GitObject> {
      try {
        const result = await (await isoGit()).readObject({ fs, gitdir, oid, format: 'content', cache });
        return { type: result.type as ObjectType, data: result.object as Uint8Array };
      } catch (err) {
        if (err instanceof Error && (err as { code?: string }).code === 'NotFoundError') {
          throw new StrataError(
            'ObjectMissing',
            `Object ${oid} is missing from ${gitdir} (a partial or damaged clone?). Fetch the repository again.`,
          );
        }
        throw err;
      }
    },
    async findAbbreviated(prefix: string): Promise<string[]> {
      try {
        return [await (await isoGit()).expandOid({ fs, gitdir, oid: prefix, cache })];
      } catch (err) {
        return (err as { code?: string }).code === 'AmbiguousError' ? [prefix, prefix] : [];
      }
    },
    shallowCommits(): Promise<ReadonlySet<string>> {
      shallow ??= Promise.resolve(readShallowFile(gitdir));
      return shallow;
    },
    refresh(): void {
      // isomorphic-git's cache holds pack indexes it read: a new pack is only seen with a new cache
      cache = {};
      shallow = null;
    },
    close(): void {
      cache = {};
    },
  };
}
