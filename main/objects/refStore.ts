import fs from 'node:fs';
import path from 'node:path';
import { isValidRefName } from '../../shared/refName';
import { readConfigFile } from './configFile';
import { fileStamp } from './fileStamp';

export interface RefEntry {
  readonly name: string;
  readonly oid: string;
}

/**
 * The one reader of a git directory's refs: HEAD, branches, tags, loose and
 * packed, symbolic refs followed, as git reads them. Packed refs are parsed
 * once and kept while the file stays the same: `refresh()` (a repository handle
 * calls it each time it is handed out again: a fetch or `git pack-refs` may have
 * rewritten them) has the next read look at the file's identity, size and time.
 * Parsing again on every refresh cost 30–100 ms a request on vim's 19,877 tags.
 */
export class RefStore {
  private packed: Map<string, string> | null = null;
  /** The packed-refs file the kept parse is of (inode, size, time; '' where there was none). */
  private packedStamp = '';
  private checkPacked = false;
  /**
   * What packed-refs says each packed ref peels to (its `^` lines): an annotated tag's object, followed through. With
   * git's `peeled` trait every annotated tag under refs/tags/ has one, so a tag without one is not annotated (null).
   */
  private peeled = new Map<string, string | null>();

  /**
   * `worktreeGitdir`: where a linked worktree keeps its own HEAD, pseudo-refs and per-worktree refs (git's
   * refs/bisect, refs/worktree, refs/rewritten); every other ref, and the packed ones, are the common gitdir's.
   */
  constructor(
    private readonly gitdir: string,
    private readonly worktreeGitdir = gitdir,
  ) {}

  /** The packed refs read so far are checked against the file before their next use. */
  refresh(): void {
    this.checkPacked = true;
  }

  private packedRefs(): Map<string, string> {
    const file = path.join(this.gitdir, 'packed-refs');
    if (this.packed && !this.checkPacked) return this.packed;
    const stamp = fileStamp(file);
    this.checkPacked = false;
    if (this.packed && stamp === this.packedStamp) return this.packed;
    this.packedStamp = stamp;
    const map = new Map<string, string>();
    const peeled = new Map<string, string | null>();
    try {
      const text = fs.readFileSync(file, 'utf8');
      const traits = text.startsWith('# pack-refs with:') ? text.slice(0, text.indexOf('\n')).split(' ') : [];
      const allPeeled = traits.includes('fully-peeled');
      const tagsPeeled = allPeeled || traits.includes('peeled');
      let last: string | null = null;
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        if (line.startsWith('^')) {
          if (last !== null && /^\^[0-9a-f]{40}$/.test(line.trimEnd())) peeled.set(last, line.slice(1, 41));
          continue;
        }
        const space = line.indexOf(' ');
        const oid = line.slice(0, space);
        const name = line.slice(space + 1).trim();
        last = space > 0 && name ? name : null;
        if (last === null) continue;
        map.set(last, oid);
        if (allPeeled || (tagsPeeled && last.startsWith('refs/tags/'))) peeled.set(last, null);
      }
    } catch {
      /* no packed refs */
    }
    this.packed = map;
    this.peeled = peeled;
    return map;
  }

  /** The oid a full ref name points at, following symbolic refs; null when absent. */
  readRef(name: string, depth = 0): string | null {
    if (depth > 5 || !isRefName(name)) return null;
    const text = this.readLoose(name);
    if (text === null) return this.packedRefs().get(name) ?? null;
    if (text.startsWith('ref:')) return this.readRef(text.slice(4).trim(), depth + 1);
    return /^[0-9a-f]{40}$/.test(text) ? text : null;
  }

  private readLoose(name: string): string | null {
    try {
      return fs.readFileSync(path.join(perWorktree(name) ? this.worktreeGitdir : this.gitdir, name), 'utf8').trim();
    } catch {
      return null;
    }
  }

  /** The commit HEAD points at; null in a repository without commits. */
  head(): string | null {
    return this.readRef('HEAD');
  }

  /** The branch HEAD names (short name); null for a detached HEAD. */
  currentBranch(): string | null {
    const text = this.readLoose('HEAD');
    return text?.startsWith('ref: refs/heads/') ? text.slice('ref: refs/heads/'.length).trim() : null;
  }

  /** A short or full name resolved in git's order (refs/, tags, heads, remotes). */
  resolveName(name: string): string | null {
    const full = this.fullName(name);
    return full === null ? null : this.readRef(full);
  }

  /** The full ref a short or full name names, in git's order (refs/, tags, heads, remotes); null where none exists. */
  fullName(name: string): string | null {
    const candidates =
      name === 'HEAD' || name.startsWith('refs/')
        ? [name]
        : [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
    return candidates.find((c) => this.readRef(c) !== null) ?? null;
  }

  /** What the repository's config says of a branch's upstream: `branch.<name>.remote`, `.merge`, and where it pushes. */
  branchConfig(branch: string): { remote?: string; merge?: string; pushRemote?: string } {
    const config = readConfigFile(this.gitdir);
    const get = (key: string) => config.get(`branch.${branch}.${key}`);
    const pushRemote = get('pushremote') ?? config.get('remote.pushdefault');
    const remote = get('remote');
    const merge = get('merge');
    return { ...(remote ? { remote } : {}), ...(merge ? { merge } : {}), ...(pushRemote ? { pushRemote } : {}) };
  }

  /**
   * A ref's reflog (`logs/<ref>`), oldest entry first: each entry's value before and after, and its message
   * ("checkout: moving from main to topic"); empty where git keeps none.
   */
  reflog(fullName: string): { old: string; new: string; message: string }[] {
    if (!isRefName(fullName)) return [];
    let text: string;
    try {
      text = fs.readFileSync(path.join(perWorktree(fullName) ? this.worktreeGitdir : this.gitdir, 'logs', fullName), 'utf8');
    } catch {
      return [];
    }
    const out: { old: string; new: string; message: string }[] = [];
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]{40}) ([0-9a-f]{40}) [^\t]*(?:\t(.*))?$/.exec(line);
      if (m) out.push({ old: m[1]!, new: m[2]!, message: m[3] ?? '' });
    }
    return out;
  }

  /** Tags as name → object id (not peeled). */
  listTags(): RefEntry[] {
    return this.listUnder('tags');
  }

  /**
   * What packed-refs says a tag (short name, at object `oid`) peels to: the object an annotated tag names in
   * the end, `oid` itself for a tag packed-refs knows is not annotated, undefined where it does not say (not
   * packed, a loose ref over the packed one, a packed-refs written without peeling).
   */
  packedPeel(tag: string, oid: string): string | undefined {
    const name = `refs/tags/${tag}`;
    if (this.packedRefs().get(name) !== oid) return undefined;
    const peeled = this.peeled.get(name);
    return peeled === undefined ? undefined : (peeled ?? oid);
  }

  /** Local branches (short names), as `git branch` lists them. */
  listBranches(): RefEntry[] {
    return this.listUnder('heads').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Remote-tracking branches (`origin/linux-5.4.y`), without the remotes' symbolic HEADs. */
  listRemoteBranches(): RefEntry[] {
    return this.listUnder('remotes')
      .filter((r) => !r.name.endsWith('/HEAD'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every ref under refs/ (full names), as git's for_each_ref goes over them: branches, tags, remotes, notes, the stash… */
  listAll(): RefEntry[] {
    return this.listUnder('')
      .map((r) => ({ name: `refs/${r.name}`, oid: r.oid }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private listUnder(kind: 'tags' | 'heads' | 'remotes' | ''): RefEntry[] {
    const top = kind ? `refs/${kind}/` : 'refs/';
    const out = new Map<string, string>();
    for (const [name, oid] of this.packedRefs()) if (name.startsWith(top)) out.set(name.slice(top.length), oid);
    const walk = (dir: string, prefix: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
        else {
          const oid = this.readRef(`${top}${prefix}${e.name}`);
          if (oid) out.set(prefix + e.name, oid);
        }
      }
    };
    walk(path.join(this.gitdir, 'refs', kind), '');
    return [...out].map(([name, oid]) => ({ name, oid }));
  }
}

/** Refs each worktree has its own of (gitrepository-layout: HEAD and other pseudo-refs, and three namespaces). */
function perWorktree(name: string): boolean {
  return !name.startsWith('refs/') || /^refs\/(bisect|worktree|rewritten)\//.test(name);
}

/** A name git could store as a ref (git's check-ref-format rules): no way out of the git directory. */
function isRefName(name: string): boolean {
  return isValidRefName(name);
}
