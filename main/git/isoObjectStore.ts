import fs from 'node:fs';
import git from 'isomorphic-git';
import { StrataError } from '../../shared/errors';
import type { GitObject, ObjectStore, ObjectType, RefEntry } from '../objects/objectStore';
import { readShallowFile } from '../objects/shallowFile';

/** The object store over isomorphic-git's reader (packs, loose objects). */
export function openIsoObjectStore(gitdir: string): ObjectStore {
  const cache = {};
  let shallow: Promise<ReadonlySet<string>> | null = null;
  return {
    gitdir,
    async readObject(oid: string): Promise<GitObject> {
      try {
        const result = await git.readObject({ fs, gitdir, oid, format: 'content', cache });
        return { type: result.type as ObjectType, data: result.object as Uint8Array };
      } catch (err) {
        if (err instanceof Error && (err as { code?: string }).code === 'NotFoundError') {
          throw new StrataError('ObjectMissing', `Object ${oid} is missing from ${gitdir} (a partial or damaged clone?). Fetch the repository again.`);
        }
        throw err;
      }
    },
    async resolve(rev: string): Promise<string> {
      if (/^[0-9a-f]{40}$/.test(rev)) return rev;
      try {
        return await git.resolveRef({ fs, gitdir, ref: rev });
      } catch {
        /* not a ref; maybe an abbreviated oid */
      }
      if (/^[0-9a-f]{4,39}$/.test(rev)) {
        try {
          return await git.expandOid({ fs, gitdir, oid: rev, cache });
        } catch {
          /* fall through */
        }
      }
      throw new StrataError('RevisionNotFound', `"${rev}" is neither a branch, a tag nor a commit of this repository.`);
    },
    async listTags(): Promise<readonly RefEntry[]> {
      const names = await git.listTags({ fs, gitdir });
      const out: RefEntry[] = [];
      for (const name of names) {
        try {
          out.push({ name, oid: await git.resolveRef({ fs, gitdir, ref: `refs/tags/${name}` }) });
        } catch {
          /* a dangling tag ref is skipped */
        }
      }
      return out;
    },
    shallowCommits(): Promise<ReadonlySet<string>> {
      shallow ??= Promise.resolve(readShallowFile(gitdir));
      return shallow;
    },
  };
}
