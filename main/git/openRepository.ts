import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { RepositoryInfo } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { locateGitdir } from './locateGitdir';
import { openIsoObjectStore } from './isoObjectStore';

export interface OpenRepository {
  readonly info: RepositoryInfo;
  readonly store: ObjectStore;
}

/** Opens a working copy or bare repository where it is; nothing is copied. */
export async function openRepository(options: { dir: string }): Promise<OpenRepository> {
  const gitdir = locateGitdir(options.dir);
  const real = fs.realpathSync(gitdir);
  const id = crypto.createHash('sha1').update(real).digest('hex').slice(0, 16);
  const store = openIsoObjectStore(gitdir);
  let head: string | null = null;
  try {
    head = await git.resolveRef({ fs, gitdir, ref: 'HEAD' });
  } catch {
    head = null;
  }
  const branch = (await git.currentBranch({ fs, gitdir, fullname: false }).catch(() => undefined)) ?? null;
  const origin = ((await git.getConfig({ fs, gitdir, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined) ?? null;
  const shallow = fs.existsSync(path.join(gitdir, 'shallow'));
  const dir = path.basename(gitdir) === '.git' ? path.dirname(gitdir) : path.resolve(options.dir);
  return { info: { id, dir, gitdir, head, branch, shallow, origin }, store };
}
