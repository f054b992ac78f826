import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { RepositoryInfo } from '../../shared/model';
import type { ObjectStore } from '../objects/objectStore';
import { locateGitdir } from './locateGitdir';
import { openIsoObjectStore } from './isoObjectStore';
import { PackObjectStore } from '../objects/pack/packObjectStore';

export interface OpenRepository {
  readonly info: RepositoryInfo;
  readonly store: ObjectStore;
}

/** Opens a working copy or bare repository where it is; nothing is copied. */
export async function openRepository(options: { dir: string }): Promise<OpenRepository> {
  const gitdir = locateGitdir(options.dir);
  const real = fs.realpathSync(gitdir);
  const id = crypto.createHash('sha1').update(real).digest('hex').slice(0, 16);
  const store = chooseReader(gitdir);
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

/**
 * Strata's own pack reader serves every read; isomorphic-git's remains behind the
 * same interface for comparison (STRATA_READER=isogit), e.g. in the benchmark.
 */
export function chooseReader(gitdir: string, reader = process.env.STRATA_READER): ObjectStore {
  return reader === 'isogit' ? openIsoObjectStore(gitdir) : new PackObjectStore(gitdir);
}
