import { configKey, effectiveConfigEntries } from '../objects/configFile';

/**
 * The config git sees for a repository, lowest first (objects/configFile.ts), read on each call: a setting
 * changed while the app runs applies to the next call, as it does to the next git command.
 */
const effectiveEntries = effectiveConfigEntries;

/** The address of the repository's "origin" remote; null where it has none. */
export async function readOriginUrl(gitdir: string): Promise<string | null> {
  return (await readConfigValue(gitdir, 'remote.origin.url')) || null;
}

/**
 * One value of the config git sees for the repository: the last one set, its own over the user's and the
 * system's (a `diff.algorithm = histogram` in `~/.gitconfig` changes git's counts, so it changes Strata's);
 * undefined where none sets it.
 */
export async function readConfigValue(gitdir: string, key: string): Promise<string | undefined> {
  const wanted = configKey(key);
  return effectiveEntries(gitdir)
    .filter(([k]) => k === wanted)
    .at(-1)?.[1];
}

/** Every value of a multi-valued key, the system's and the user's first, then the repository's, in order (as git lists them). */
export async function readConfigValues(gitdir: string, key: string): Promise<string[]> {
  const wanted = configKey(key);
  return effectiveEntries(gitdir)
    .filter(([k]) => k === wanted)
    .map(([, v]) => v);
}
