import fs from 'node:fs';
import path from 'node:path';
import type { RefEntry } from '../objectStore';

/** Loose and packed refs of a git directory, read as git does (symbolic refs followed). */
export class RefStore {
  private packed: Map<string, string> | null = null;

  constructor(private readonly gitdir: string) {}

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
    if (depth > 5) return null;
    let text: string | null = null;
    try {
      text = fs.readFileSync(path.join(this.gitdir, name), 'utf8').trim();
    } catch {
      text = null;
    }
    if (text === null) return this.packedRefs().get(name) ?? null;
    if (text.startsWith('ref:')) return this.readRef(text.slice(4).trim(), depth + 1);
    return /^[0-9a-f]{40}$/.test(text) ? text : null;
  }

  /** A short or full name resolved in git's order (refs/, tags, heads, remotes). */
  resolveName(name: string): string | null {
    const candidates = name === 'HEAD' || name.startsWith('refs/')
      ? [name]
      : [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
    for (const c of candidates) {
      const oid = this.readRef(c);
      if (oid) return oid;
    }
    return null;
  }

  listTags(): RefEntry[] {
    const out = new Map<string, string>();
    for (const [name, oid] of this.packedRefs()) if (name.startsWith('refs/tags/')) out.set(name.slice(10), oid);
    const walk = (dir: string, prefix: string) => {
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
        else {
          const oid = this.readRef(`refs/tags/${prefix}${e.name}`);
          if (oid) out.set(prefix + e.name, oid);
        }
      }
    };
    walk(path.join(this.gitdir, 'refs', 'tags'), '');
    return [...out].map(([name, oid]) => ({ name, oid }));
  }
}
