import fs from 'node:fs';
import path from 'node:path';
import { isValidRefName } from '../../shared/refName';

export interface RefEntry {
  readonly name: string;
  readonly oid: string;
}

/**
 * The one reader of a git directory's refs: HEAD, branches, tags, loose and
 * packed, symbolic refs followed, as git reads them. Packed refs are kept until
 * `refresh()` (a repository handle calls it each time it is handed out again:
 * a fetch or `git pack-refs` may have rewritten them).
 */
export class RefStore {
  private packed: Map<string, string> | null = null;

  /**
   * `worktreeGitdir`: where a linked worktree keeps its own HEAD, pseudo-refs and per-worktree refs (git's
   * refs/bisect, refs/worktree, refs/rewritten); every other ref, and the packed ones, are the common gitdir's.
   */
  constructor(
    private readonly gitdir: string,
    private readonly worktreeGitdir = gitdir,
  ) {}

  /** Forgets the packed refs read so far. */
  refresh(): void {
    this.packed = null;
  }

  private packedRefs(): Map<string, string> {
    if (this.packed) return this.packed;
    const map = new Map<string, string>();
    try {
      for (const line of fs.readFileSync(path.join(this.gitdir, 'packed-refs'), 'utf8').split('\n')) {
        if (!line || line.startsWith('#') || line.startsWith('^')) continue;
        const [oid, name] = line.split(' ');
        if (oid && name) map.set(name.trim(), oid);
      }
    } catch {
      /* no packed refs */
    }
    this.packed = map;
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
    const candidates =
      name === 'HEAD' || name.startsWith('refs/')
        ? [name]
        : [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
    for (const c of candidates) {
      const oid = this.readRef(c);
      if (oid) return oid;
    }
    return null;
  }

  /** Tags as name → object id (not peeled). */
  listTags(): RefEntry[] {
    return this.listUnder('tags');
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

  private listUnder(kind: 'tags' | 'heads' | 'remotes'): RefEntry[] {
    const top = `refs/${kind}/`;
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
