import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeRegExp as escape } from '../../shared/posixRegex';

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
  return new Map(effectiveConfigEntries(gitdir));
}

/**
 * Every entry of the config git sees for a repository, in git's order (lowest first): the system's, the user's,
 * the repository's own, each with the files it includes where it includes them (`include.path`, and
 * `includeIf "gitdir:…"`, `"gitdir/i:…"` where the repository's folder matches, `"onbranch:…"` where HEAD's branch
 * does, `"hasconfig:remote.*.url:…"` where a remote's URL does).
 */
export function effectiveConfigEntries(gitdir: string): [string, string][] {
  const files = [...userConfigFiles(), path.join(gitdir, 'config')];
  // `hasconfig:remote.*.url:` asks the remotes' URLs of every file (and what they include) before any is applied, as
  // git scans for them; a file such a condition includes may name no remote, so that scan does not take them
  let urls: string[] | undefined;
  const remoteUrls = () =>
    (urls ??= files
      .flatMap((f) => withIncludes(f, gitdir, 0, () => []))
      .filter(([key]) => /^remote\..*\.url$/s.test(key))
      .map(([, url]) => url));
  return files.flatMap((f) => withIncludes(f, gitdir, 0, remoteUrls));
}

/** git stops following includes this deep (a file that includes itself). */
const MAX_INCLUDE_DEPTH = 10;

function withIncludes(file: string, gitdir: string, depth: number, remoteUrls: () => readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readConfigEntries(file)) {
    out.push(entry);
    const [key, value] = entry;
    if (depth >= MAX_INCLUDE_DEPTH || !value) continue;
    const included =
      key === 'include.path'
        ? value
        : key.startsWith('includeif.') && key.endsWith('.path') && includeApplies(key.slice(10, -5), file, gitdir, remoteUrls)
          ? value
          : null;
    if (included !== null) out.push(...withIncludes(includedFile(included, file), gitdir, depth + 1, remoteUrls));
  }
  return out;
}

/** An included file's path: `~/` from the user's home, a relative one from the including file's folder. */
function includedFile(value: string, from: string): string {
  if (value.startsWith('~/')) return path.join(process.env.HOME ?? os.homedir(), value.slice(2));
  return path.isAbsolute(value) ? value : path.join(path.dirname(from), value);
}

/**
 * Whether an includeIf condition holds for the repository at `gitdir` (gitdir:, gitdir/i:, onbranch: and
 * hasconfig:remote.*.url: are known).
 */
function includeApplies(condition: string, file: string, gitdir: string, remoteUrls: () => readonly string[]): boolean {
  const HASCONFIG = 'hasconfig:remote.*.url:';
  if (condition.startsWith(HASCONFIG)) {
    const matcher = wildmatch(condition.slice(HASCONFIG.length));
    return remoteUrls().some((url) => matcher.test(url));
  }
  if (condition.startsWith('onbranch:')) {
    let pattern = condition.slice('onbranch:'.length);
    if (pattern.endsWith('/')) pattern += '**';
    const branch = currentBranch(gitdir);
    return branch !== null && wildmatch(pattern).test(branch);
  }
  const m = /^gitdir(\/i)?:(.*)$/s.exec(condition);
  if (!m) return false;
  let pattern = m[2]!;
  if (pattern.startsWith('~/')) pattern = (process.env.HOME ?? os.homedir()).replace(/\/+$/, '') + pattern.slice(1);
  else if (pattern.startsWith('./')) pattern = path.dirname(file) + pattern.slice(1);
  if (!path.isAbsolute(pattern)) pattern = `**/${pattern}`;
  if (pattern.endsWith('/')) pattern += '**';
  const matcher = wildmatch(pattern, m[1] !== undefined);
  const absolute = path.resolve(gitdir);
  let real = absolute;
  try {
    real = fs.realpathSync(absolute);
  } catch {
    // a folder that is gone: its path as given
  }
  return matcher.test(real) || matcher.test(absolute);
}

/** The branch HEAD names (without refs/heads/), or null where HEAD is detached or unreadable. */
function currentBranch(gitdir: string): string | null {
  try {
    const m = /^ref: refs\/heads\/(.+?)\s*$/.exec(fs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8'));
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/**
 * git's wildmatch with WM_PATHNAME as a regular expression: `*` and `?` stop at "/", `**` as a whole component
 * crosses folders ("**\/" zero or more of them, a final "/**" everything below), `[...]` a class (`!` or `^`
 * negates), a backslash quotes the next character.
 */
export function wildmatch(pattern: string, ignoreCase = false): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const wholeStart = i === 0 || pattern[i - 1] === '/';
        const after = i + 2;
        if (wholeStart && after === pattern.length) {
          re += '.*';
          i = after - 1;
          continue;
        }
        if (wholeStart && pattern[after] === '/') {
          re += '(?:.*/)?';
          i = after;
          continue;
        }
        while (pattern[i + 1] === '*') i++;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/^\]/, '\\]')}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else re += escape(c);
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '');
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
  else files.push(userGitFile('config', env), path.join(env.HOME ?? os.homedir(), '.gitconfig'));
  return files.filter((f) => f !== '' && f !== '/dev/null');
}

/** A file of the user's git folder: `$XDG_CONFIG_HOME/git/NAME`, else `~/.config/git/NAME`. */
export function userGitFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(env.HOME ?? os.homedir(), '.config'), 'git', name);
}

/** A config file's entries in order, keyed as readConfigFile keys them; none where the file cannot be read. */
export function readConfigEntries(file: string): [string, string][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseConfig(text);
}

/**
 * A config file's entries, read as git reads one: `[section]`, `[section "subsection"]` (its `\"` and `\\`
 * escapes) and the old `[section.subsection]`; `key = value`, or `key` alone (true); in a value, whitespace
 * outside quotes taken as one space a character and dropped at both ends, `;` and `#` starting a comment outside
 * quotes, the escapes `\n`, `\t`, `\b`, `\"`, `\\`, and a backslash at the end of a line going on on the next.
 * A line git would refuse (an unknown escape, an unclosed quote) ends the reading there, as git stops at it.
 * Includes are not followed.
 */
export function parseConfig(source: string): [string, string][] {
  // git reads "\r\n" as "\n", and skips a byte order mark
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const out: [string, string][] = [];
  let section = '';
  let i = 0;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f';
  const skipLine = () => {
    while (i < n && text[i] !== '\n') i++;
    i++;
  };
  while (i < n) {
    while (i < n && (isSpace(text[i]!) || text[i] === '\n')) i++;
    if (i >= n) break;
    const c = text[i]!;
    if (c === '#' || c === ';') {
      skipLine();
      continue;
    }
    if (c === '[') {
      const header = readHeader(text, i + 1);
      if (header === null) return out;
      section = header.section;
      i = header.end;
      continue;
    }
    // a key: letters, digits and '-', starting with a letter
    if (!/[A-Za-z]/.test(c)) return out;
    let end = i;
    while (end < n && /[A-Za-z0-9-]/.test(text[end]!)) end++;
    const name = text.slice(i, end).toLowerCase();
    i = end;
    while (text[i] === ' ' || text[i] === '\t') i++;
    let value = 'true';
    if (text[i] === '=') {
      const parsed = readValue(text, i + 1);
      if (parsed === null) return out;
      value = parsed.value;
      i = parsed.end;
    } else if (i < n && text[i] !== '\n') {
      return out;
    } else {
      skipLine();
    }
    if (!section) return out;
    out.push([`${section}.${name}`, value]);
  }
  return out;
}

/** A section header after its `[`: the section key and where the line after it starts; null where git refuses it. */
function readHeader(text: string, from: number): { section: string; end: number } | null {
  let i = from;
  let name = '';
  while (i < text.length && /[A-Za-z0-9.-]/.test(text[i]!)) name += text[i++]!;
  if (!name) return null;
  let section = name.toLowerCase();
  if (text[i] === ']') i++;
  else if (text[i] === ' ' || text[i] === '\t') {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '"') return null;
    i++;
    let sub = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined || c === '\n') return null;
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        if (e === undefined || e === '\n') return null;
        sub += e;
      } else sub += c;
    }
    if (text[i++] !== ']') return null;
    section = `${section}.${sub}`;
  } else return null;
  // the rest of the line may hold a key and value; the caller reads on from here
  return { section, end: i };
}

/** A value after its `=`, as git's parse_value reads it: the value and where the next line starts; null where git refuses it. */
function readValue(text: string, from: number): { value: string; end: number } | null {
  let i = from;
  let value = '';
  let quote = false;
  let comment = false;
  let spaces = 0;
  for (;;) {
    const c = text[i++];
    if (c === undefined || c === '\n') {
      if (quote) return null;
      return { value, end: i };
    }
    if (comment) continue;
    if (!quote && (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f')) {
      if (value.length > 0) spaces++;
      continue;
    }
    if (!quote && (c === ';' || c === '#')) {
      comment = true;
      continue;
    }
    value += ' '.repeat(spaces);
    spaces = 0;
    if (c === '\\') {
      const e = text[i++];
      if (e === '\n') continue;
      if (e === 't') value += '\t';
      else if (e === 'b') value += '\b';
      else if (e === 'n') value += '\n';
      else if (e === '\\' || e === '"') value += e;
      else return null;
      continue;
    }
    if (c === '"') {
      quote = !quote;
      continue;
    }
    value += c;
  }
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
