import type { ArchiveMessage } from './archiveIndex';
import { normalizeSubject, type NormalizedSubject } from './normalizeSubject';

/** A message of the catalog: what the index keeps, which archive holds it, and its subject taken apart. */
export interface CatalogMessage extends ArchiveMessage {
  /** Position in the catalog. */
  readonly at: number;
  /** Which of the catalog's archives holds the body. */
  readonly archive: number;
  readonly norm: NormalizedSubject;
}

/**
 * Every message of a repository's archives, threaded the way public-inbox threads them (its over.sqlite3
 * `tid`): a thread is everything connected through Message-ID, References and In-Reply-To, missing
 * messages kept as placeholders. A message cross-posted to two archives is kept once.
 */
export class ArchiveCatalog {
  readonly messages: CatalogMessage[] = [];
  /** Message-ID → the message carrying it (the first one, where a client reused an id). */
  private readonly byId = new Map<string, number>();
  private readonly idNumber = new Map<string, number>();
  private ufParent: number[] = [];
  /** Message-ID (held or placeholder) → the id of its parent, as the References chains say. */
  private readonly parentOf = new Map<string, string>();
  private children: Map<string, string[]> | null = null;
  private members: Map<number, number[]> | null = null;
  private readonly byPath = new Map<string, number[]>();
  private readonly byKey = new Map<string, number[]>();
  private readonly byChangeId = new Map<string, number[]>();

  constructor(archives: readonly (readonly ArchiveMessage[])[]) {
    const seen = new Set<string>();
    archives.forEach((list, archive) => {
      const last = archive === archives.length - 1;
      for (const m of list) {
        if (archives.length > 1) {
          const key = `${m.ids[0]}\0${m.date}\0${m.email}\0${m.subject}`;
          if (archive > 0 && seen.has(key)) continue; // the same mail in two lists' archives
          if (!last) seen.add(key);
        }
        this.add(m, archive);
      }
    });
    // a held message's own References outrank what other messages' chains guess for it
    for (const m of this.messages) if (m.refs.length) this.parentOf.set(m.ids[0]!, m.refs[m.refs.length - 1]!);
    for (const m of this.messages) {
      for (let i = 1; i < m.refs.length; i++) if (!this.parentOf.has(m.refs[i]!)) this.parentOf.set(m.refs[i]!, m.refs[i - 1]!);
    }
  }

  private number(id: string): number {
    let n = this.idNumber.get(id);
    if (n === undefined) {
      n = this.ufParent.length;
      this.idNumber.set(id, n);
      this.ufParent.push(n);
    }
    return n;
  }

  private find(n: number): number {
    while (this.ufParent[n] !== n) {
      this.ufParent[n] = this.ufParent[this.ufParent[n]!]!;
      n = this.ufParent[n]!;
    }
    return n;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.ufParent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  private add(m: ArchiveMessage, archive: number): void {
    const at = this.messages.length;
    // the loaded message becomes the catalog's (no copy: at 100,000 messages the copies were a third of the load)
    const c = Object.assign(m as ArchiveMessage & Partial<CatalogMessage>, {
      at,
      archive,
      norm: normalizeSubject(m.subject),
    }) as CatalogMessage;
    this.messages.push(c);
    const first = this.number(m.ids[0]!);
    for (const id of m.ids) {
      if (!this.byId.has(id)) this.byId.set(id, at);
      this.union(first, this.number(id));
    }
    for (const r of m.refs) this.union(first, this.number(r));
    for (const f of m.files ?? []) {
      for (const p of f.oldPath ? [f.path, f.oldPath] : [f.path]) {
        const list = this.byPath.get(p);
        if (list) list.push(at);
        else this.byPath.set(p, [at]);
      }
    }
    if (m.changeId) {
      const list = this.byChangeId.get(m.changeId);
      if (list) list.push(at);
      else this.byChangeId.set(m.changeId, [at]);
    }
    if (!c.norm.reply) {
      const list = this.byKey.get(c.norm.key);
      if (list) list.push(at);
      else this.byKey.set(c.norm.key, [at]);
    }
  }

  message(id: string): CatalogMessage | null {
    const at = this.byId.get(id);
    return at === undefined ? null : this.messages[at]!;
  }

  /** The thread a message belongs to (a number; equal numbers, same thread). */
  threadOf(m: CatalogMessage): number {
    return this.find(this.idNumber.get(m.ids[0]!)!);
  }

  /** The messages of a thread, oldest first. */
  threadMessages(thread: number): CatalogMessage[] {
    if (!this.members) {
      this.members = new Map();
      for (const m of this.messages) {
        const t = this.threadOf(m);
        const list = this.members.get(t);
        if (list) list.push(m.at);
        else this.members.set(t, [m.at]);
      }
    }
    return (this.members.get(thread) ?? []).map((i) => this.messages[i]!).sort((a, b) => a.date - b.date || a.at - b.at);
  }

  /** The id a message replies to (held or a placeholder), or null for a root. */
  parentId(id: string): string | null {
    return this.parentOf.get(id) ?? null;
  }

  /** The root of the thread: the top of the parent chain, which may be a placeholder for a message the archives lack. */
  rootId(id: string): string {
    const seen = new Set<string>([id]);
    let at = id;
    for (;;) {
      const p = this.parentOf.get(at);
      if (!p || seen.has(p)) return at;
      seen.add(p);
      at = p;
    }
  }

  /** Every held message below `id` in the reply tree (not `id` itself). */
  descendants(id: string): CatalogMessage[] {
    if (!this.children) {
      this.children = new Map();
      for (const [child, parent] of this.parentOf) {
        const list = this.children.get(parent);
        if (list) list.push(child);
        else this.children.set(parent, [child]);
      }
    }
    const out: CatalogMessage[] = [];
    const seen = new Set<string>([id]);
    const stack = [...(this.children.get(id) ?? [])];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      const m = this.message(c);
      if (m && m.ids[0] === c) out.push(m);
      stack.push(...(this.children.get(c) ?? []));
    }
    return out.sort((a, b) => a.date - b.date || a.at - b.at);
  }

  /** Messages whose patch touches the path (as its new or its old name). */
  touching(path: string): readonly CatalogMessage[] {
    return (this.byPath.get(path) ?? []).map((i) => this.messages[i]!);
  }

  /** Messages carrying a change-id (b4's, gerrit's). */
  withChangeId(id: string): readonly CatalogMessage[] {
    return (this.byChangeId.get(id) ?? []).map((i) => this.messages[i]!);
  }

  /** Messages that are not replies whose normalised subject is `key`. */
  withSubjectKey(key: string): readonly CatalogMessage[] {
    return (this.byKey.get(key) ?? []).map((i) => this.messages[i]!);
  }
}
