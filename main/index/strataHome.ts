import os from 'node:os';
import path from 'node:path';

/** All on-disk state lives under one folder: STRATA_HOME, else the platform's app-data folder. */
export function strataHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRATA_HOME) return path.resolve(env.STRATA_HOME);
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Strata');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Strata');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'strata');
}
