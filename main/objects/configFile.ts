import fs from 'node:fs';
import path from 'node:path';

/**
 * A repository's own config (`$GIT_DIR/config`), read synchronously for the few settings that decide how its
 * objects and refs are read before anything else happens (extensions, core.useReplaceRefs): keys as
 * `section.key` or `section.subsection.key`, section and key in lower case, the last value of a key kept.
 * Includes and the user's and system's files are not read (those settings live in the repository's own).
 */
export function readConfigFile(gitdir: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(gitdir, 'config'), 'utf8');
  } catch {
    return new Map();
  }
  const out = new Map<string, string>();
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
    out.set(`${section}.${kv[1]!.toLowerCase()}`, value);
  }
  return out;
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
