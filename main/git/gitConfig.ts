import fs from 'node:fs';
import git from 'isomorphic-git';

/** The address of the repository's "origin" remote; null where it has none. */
export async function readOriginUrl(gitdir: string): Promise<string | null> {
  const url = (await git.getConfig({ fs, gitdir, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined;
  return url || null;
}
