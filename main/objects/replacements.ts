import fs from 'node:fs';
import path from 'node:path';
import { configBoolean, readEffectiveConfig } from './configFile';
import { fileStamp } from './fileStamp';

/**
 * The replacements `git replace` made (refs/replace/*, loose or packed), which git log, git blame and every
 * other reader of history honour: a replaced commit is read as its replacement (a graft: other parents), under
 * its own id. None where the environment (GIT_NO_REPLACE_OBJECTS) or the repository (core.useReplaceRefs =
 * false) turns them off, as git does. Read on every refresh, so it costs a directory listing and, only where
 * packed-refs names a replacement, a parse of it.
 */
export function readReplacements(gitdir: string): ReadonlyMap<string, string> {
  if (process.env.GIT_NO_REPLACE_OBJECTS !== undefined) return NONE;
  const out = new Map<string, string>(packedReplacements(gitdir));
  let loose: string[] = [];
  try {
    loose = fs.readdirSync(path.join(gitdir, 'refs', 'replace'));
  } catch {
    /* none loose */
  }
  for (const name of loose) {
    if (!/^[0-9a-f]{40}$/.test(name)) continue;
    try {
      const value = fs.readFileSync(path.join(gitdir, 'refs', 'replace', name), 'latin1').trim();
      if (/^[0-9a-f]{40}$/.test(value)) out.set(name, value);
    } catch {
      /* gone meanwhile */
    }
  }
  if (out.size === 0) return NONE;
  if (configBoolean(readEffectiveConfig(gitdir).get('core.usereplacerefs')) === false) return NONE;
  return out;
}

const NONE: ReadonlyMap<string, string> = new Map();

/** The replacements packed-refs names, by git directory, with the file they were read from (see fileStamp). */
const packedRead = new Map<string, { stamp: string; found: ReadonlyMap<string, string> }>();

/** The replacements packed-refs names: read again only where the file changed (a search of vim's 2 MB took 14 ms). */
function packedReplacements(gitdir: string): ReadonlyMap<string, string> {
  const file = path.join(gitdir, 'packed-refs');
  const stamp = fileStamp(file);
  const known = packedRead.get(gitdir);
  if (known && known.stamp === stamp) return known.found;
  const found = new Map<string, string>();
  let packed: Buffer | null = null;
  try {
    packed = fs.readFileSync(file);
  } catch {
    /* no packed refs */
  }
  if (packed && packed.indexOf('refs/replace/') >= 0) {
    for (const m of packed.toString('latin1').matchAll(/^([0-9a-f]{40}) refs\/replace\/([0-9a-f]{40})$/gm)) found.set(m[2]!, m[1]!);
  }
  if (packedRead.size >= 64) packedRead.delete(packedRead.keys().next().value as string);
  packedRead.set(gitdir, { stamp, found });
  return found;
}

/** A short text that changes when the replacements do (empty where there are none): what was built from them is kept by it. */
export function replacementsStamp(replaced: ReadonlyMap<string, string>): string {
  return [...replaced]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([a, b]) => `${a}=${b}`)
    .join(',');
}

/** What an id is read as: its replacement, followed as git follows them (at most five deep), else itself. */
export function replacementOf(replaced: ReadonlyMap<string, string>, oid: string): string {
  let at = oid;
  for (let depth = 0; depth < 5; depth++) {
    const next = replaced.get(at);
    if (next === undefined) return at;
    at = next;
  }
  return at;
}
