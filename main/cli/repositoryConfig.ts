import type { CliEnv } from './cliEnv';
import { readConfigValue } from '../git/gitConfig';

/** A value of the config git sees for the repository at `dir` (its own over the user's and the system's), if set. */
export async function repositoryConfig(env: CliEnv, dir: string, key: string): Promise<string | undefined> {
  const { gitdir } = await env.call('openRepository', { dir }, { quiet: true });
  return readConfigValue(gitdir, key);
}
