import fs from 'node:fs';
import git from 'isomorphic-git';

/** The address of the repository's "origin" remote; null where it has none. */
export async function readOriginUrl(gitdir: string): Promise<string | null> {
  const url = (await git.getConfig({ fs, gitdir, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined;
  return url || null;
}

/** One value of the repository's own config (`$GIT_DIR/config`); undefined where it is not set. */
export async function readConfigValue(gitdir: string, key: string): Promise<string | undefined> {
  const value = (await git.getConfig({ fs, gitdir, path: key }).catch(() => undefined)) as unknown;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Every value of a multi-valued key of the repository's own config, in order (none where it is not set). */
export async function readConfigValues(gitdir: string, key: string): Promise<string[]> {
  const values = (await git.getConfigAll({ fs, gitdir, path: key }).catch(() => [])) as unknown[];
  return values.map((v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''));
}
