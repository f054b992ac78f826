import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RepositoryInfo } from '../../shared/model';
import { readConfigValue } from '../git/gitConfig';
import { configBoolean, effectiveConfigEntries, userGitFile } from '../objects/configFile';
import { type FuncnameRule, funcnameRuleFor, parseFuncnameConfig } from './funcname';

/**
 * The `diff` attribute of a path as git reads it, lowest first: the system's attributes (`/etc/gitattributes`, none
 * with GIT_ATTR_NOSYSTEM), the user's (`core.attributesFile`, else `$XDG_CONFIG_HOME/git/attributes`: where many
 * put `*.c diff=cpp` for every repository), the work tree's .gitattributes files (the top one, then each folder down
 * to the file's, a deeper file winning) and `$GIT_DIR/info/attributes` above them all; a bare repository has no work
 * tree's. Within a file the last matching line wins. `unset`: `-diff` or `binary` (git diffs the file as binary);
 * `set`: `diff` (as text, whatever its bytes); a driver's name; null: unspecified.
 */
export function diffAttributeOf(info: RepositoryInfo, filePath: string): 'unset' | 'set' | { readonly driver: string } | null {
  const sources: { base: string; text: string }[] = [];
  for (const file of outsideAttributeFiles(info.gitdir)) {
    const text = readText(file);
    if (text !== null) sources.push({ base: '', text });
  }
  const worktree = fs.existsSync(path.join(info.dir, '.git')) ? info.dir : null;
  if (worktree) {
    const dirs = filePath.split('/').slice(0, -1);
    for (let depth = 0; depth <= dirs.length; depth++) {
      const base = dirs.slice(0, depth).join('/');
      const text = readText(path.join(worktree, base, '.gitattributes'));
      if (text !== null) sources.push({ base, text });
    }
  }
  const info2 = readText(path.join(info.gitdir, 'info', 'attributes'));
  if (info2 !== null) sources.push({ base: '', text: info2 });
  let value: 'unset' | 'set' | { readonly driver: string } | null = null;
  for (const s of sources) {
    for (const raw of s.text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const [pattern, ...attrs] = line.split(/[ \t]+/);
      if (!pattern || pattern.startsWith('[attr]') || !matchesPath(pattern, s.base, filePath)) continue;
      for (const a of attrs) {
        if (a === 'binary' || a === '-diff') value = 'unset';
        else if (a === 'diff') value = 'set';
        else if (a === '!diff') value = null;
        else if (a.startsWith('diff=')) value = { driver: a.slice(5) };
      }
    }
  }
  return value;
}

/** The diff driver a path names (`diff=NAME`), as `log -L` finds its function lines by; null for none. */
export function diffDriverOf(info: RepositoryInfo, filePath: string): string | null {
  const a = diffAttributeOf(info, filePath);
  return a !== null && typeof a === 'object' ? a.driver : null;
}

/**
 * Whether git diffs the path as binary whatever its bytes (true: `-diff`, `binary`, or a driver whose
 * `diff.NAME.binary` is true), as text whatever its bytes (false: `diff` set, or `diff.NAME.binary` false), or
 * by its bytes (undefined: a NUL in the first 8,000).
 */
export async function binaryByAttributes(info: RepositoryInfo, filePath: string): Promise<boolean | undefined> {
  const a = diffAttributeOf(info, filePath);
  if (a === 'unset') return true;
  if (a === 'set') return false;
  if (a === null) return undefined;
  return configBoolean(await readConfigValue(info.gitdir, `diff.${a.driver}.binary`));
}

/** The function-line rule for a path: the driver's `diff.<driver>.xfuncname`/`funcname` config, else git's builtin one. */
export async function funcnameRuleOf(
  info: RepositoryInfo,
  filePath: string,
  driver = diffDriverOf(info, filePath),
): Promise<FuncnameRule | null> {
  if (!driver) return null;
  const config = (key: string) => readConfigValue(info.gitdir, key);
  const x = await config(`diff.${driver}.xfuncname`);
  if (x) return parseFuncnameConfig(x, true);
  const b = await config(`diff.${driver}.funcname`);
  if (b) return parseFuncnameConfig(b, false);
  return funcnameRuleFor(driver);
}

/** The attributes files git reads below a repository's own, lowest first. */
export function outsideAttributeFiles(gitdir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (!configBoolean(env.GIT_ATTR_NOSYSTEM)) files.push('/etc/gitattributes');
  const configured = effectiveConfigEntries(gitdir)
    .filter(([k]) => k === 'core.attributesfile')
    .at(-1)?.[1];
  if (!configured) files.push(userGitFile('attributes', env));
  else files.push(configured.startsWith('~/') ? path.join(env.HOME ?? os.homedir(), configured.slice(2)) : configured);
  return files;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** gitattributes pattern matching: without a slash the name is matched at any depth, with one from the file's folder. */
export function matchesPath(pattern: string, base: string, filePath: string): boolean {
  const rel = base ? (filePath.startsWith(`${base}/`) ? filePath.slice(base.length + 1) : null) : filePath;
  if (rel === null) return false;
  const anchored = pattern.replace(/^\//, '');
  if (!pattern.includes('/')) return globRegex(pattern).test(rel.slice(rel.lastIndexOf('/') + 1));
  return globRegex(anchored).test(rel);
}

function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i++;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]!}`;
    else out += /[.+^${}()|\]\\/]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${out}$`);
}
