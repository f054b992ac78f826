import fs from 'node:fs';
import git from 'isomorphic-git';
import { configKey, userConfigEntries } from '../objects/configFile';

/** The address of the repository's "origin" remote; null where it has none. */
export async function readOriginUrl(gitdir: string): Promise<string | null> {
  const url = (await git.getConfig({ fs, gitdir, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined;
  return url || null;
}

/**
 * One value of the config git sees for the repository: its own (`$GIT_DIR/config`), else the user's and the
 * system's (a `diff.algorithm = histogram` in `~/.gitconfig` changes git's counts, so it changes Strata's);
 * undefined where none sets it.
 */
export async function readConfigValue(gitdir: string, key: string): Promise<string | undefined> {
  const value = (await git.getConfig({ fs, gitdir, path: key }).catch(() => undefined)) as unknown;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const wanted = configKey(key);
  return userConfigEntries()
    .filter(([k]) => k === wanted)
    .at(-1)?.[1];
}

/** Every value of a multi-valued key, the system's and the user's first, then the repository's, in order (as git lists them). */
export async function readConfigValues(gitdir: string, key: string): Promise<string[]> {
  const values = (await git.getConfigAll({ fs, gitdir, path: key }).catch(() => [])) as unknown[];
  const wanted = configKey(key);
  return [
    ...userConfigEntries()
      .filter(([k]) => k === wanted)
      .map(([, v]) => v),
    ...values.map((v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '')),
  ];
}
