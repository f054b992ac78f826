import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A repository's own config (`$GIT_DIR/config`), read synchronously for the few settings that decide how its
 * objects and refs are read before anything else happens (extensions, which git reads from there alone): keys as
 * `section.key` or `section.subsection.key`, section and key in lower case, the last value of a key kept.
 * Includes are not read.
 */
export function readConfigFile(gitdir: string): Map<string, string> {
  return new Map(readConfigEntries(path.join(gitdir, 'config')));
}

/**
 * The config git sees for a repository: the system's, the user's (`$XDG_CONFIG_HOME/git/config`, then
 * `~/.gitconfig`) and the repository's own, a later one's value over an earlier one's — as readConfigFile keys them.
 * A user's `mailmap.file` or `core.useReplaceRefs` applies as git applies it.
 */
export function readEffectiveConfig(gitdir: string): Map<string, string> {
  return new Map([...userConfigEntries(), ...readConfigEntries(path.join(gitdir, 'config'))]);
}

/** Every value the system's and the user's config files give, in git's order (lowest first). */
export function userConfigEntries(): [string, string][] {
  return userConfigFiles().flatMap((f) => readConfigEntries(f));
}

/**
 * The config files git reads before a repository's own, lowest first: the system's (`/etc/gitconfig`, or
 * GIT_CONFIG_SYSTEM; none with GIT_CONFIG_NOSYSTEM), then the user's (GIT_CONFIG_GLOBAL, else the XDG file and
 * `~/.gitconfig`).
 */
export function userConfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (!configBoolean(env.GIT_CONFIG_NOSYSTEM)) files.push(env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else {
    const home = env.HOME ?? os.homedir();
    files.push(path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config'), path.join(home, '.gitconfig'));
  }
  return files.filter((f) => f !== '' && f !== '/dev/null');
}

/** A config file's entries in order, keyed as readConfigFile keys them; none where the file cannot be read. */
export function readConfigEntries(file: string): [string, string][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)\s*(?:"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      section = header[2] === undefined ? header[1]!.toLowerCase() : `${header[1]!.toLowerCase()}.${header[2].replace(/\\(.)/g, '$1')}`;
      line = line.slice(header[0].length).trim();
      if (!line) continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line.replace(/\s[;#].*$|^[;#].*$/, ''));
    if (!kv || !section) continue;
    const value = kv[2] === undefined ? 'true' : kv[2].trim().replace(/^"(.*)"$/, '$1');
    out.push([`${section}.${kv[1]!.toLowerCase()}`, value]);
  }
  return out;
}

/** A key as readConfigFile keys it: section and name in lower case, a subsection as written (`diff.cpp.xfuncname`). */
export function configKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}.${key.slice(last + 1).toLowerCase()}`;
}

/** A git boolean value: true, yes, on or a number other than 0 (any case); undefined where unset or not a boolean. */
export function configBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  // a key without a value reads "true" here; an empty value (`key =`) is false, as git reads it
  if (v === 'false' || v === 'no' || v === 'off' || v === '') return false;
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  return undefined;
}
