import type { ArchiveIndex } from './archiveIndex';
import type { ArchiveMessage } from './archiveMessage';
import { memoryMessageSource, type MessageSource, type PostingKind } from './messagePostings';
import { normalizeSubject, type NormalizedSubject } from './normalizeSubject';

/** A message of the catalog: what the index keeps, which archive holds it, and its subject taken apart. */
export interface CatalogMessage extends ArchiveMessage {
  /** Position in the catalog. */
  readonly at: number;
  /** Which of the catalog's archives holds the body. */
  readonly archive: number;
  readonly norm: NormalizedSubject;
}

interface Thread {
  readonly number: number;
  /** In catalog order. */
  readonly members: readonly CatalogMessage[];
  /** Every Message-ID the members carry or refer to. */
  readonly ids: ReadonlySet<string>;
  children?: Map<string, string[]>;
}

/**
 * Every message of a repository's archives, threaded the way public-inbox threads them (its over.sqlite3
 * `tid`): a thread is everything connected through Message-ID, References and In-Reply-To, missing
 * messages kept as placeholders. A message cross-posted to two archives is kept once (the first archive's).
 *
 * Nothing is read up front: each question goes through the archives' postings (ids, paths, subjects,
 * change-ids) to the few messages it is about, and a thread is gathered from one of its messages outwards,
 * so linking a timeline reads the messages near its commits, not the archive.
 */
export class ArchiveCatalog {
  private readonly sources: readonly MessageSource[];
  /** The catalog position of each archive's first message. */
  private readonly starts: number[] = [];
  /** How many positions the catalog has (a duplicate of an earlier archive's message holds one, empty). */
  readonly size: number;
  private readonly made = new Map<number, CatalogMessage | null>();
  private readonly threads = new Map<number, Thread>();
  private readonly mentions = new Map<string, CatalogMessage[]>();
  private readonly paths = new Map<string, CatalogMessage[]>();

  /** Each archive as an opened index, or as its messages (a test's list, an index loaded whole). */
  constructor(archives: readonly (MessageSource | readonly ArchiveMessage[])[]) {
    this.sources = archives.map((a) => ('read' in a ? (a as MessageSource) : memoryMessageSource(a as readonly ArchiveMessage[])));
    let at = 0;
    for (const s of this.sources) {
      this.starts.push(at);
      at += s.count;
    }
    this.size = at;
  }

  private archiveOf(at: number): number {
    let a = this.starts.length - 1;
    while (a > 0 && this.starts[a]! > at) a--;
    return a;
  }

  /** The message at a catalog position; null for the copy of a mail an earlier archive holds. */
  private get(at: number): CatalogMessage | null {
    const kept = this.made.get(at);
    if (kept !== undefined) return kept;
    const archive = this.archiveOf(at);
    const raw = this.sources[archive]!.read(at - this.starts[archive]!);
    const m = this.heldEarlier(raw, archive) ? null : { ...raw, at, archive, norm: normalizeSubject(raw.subject) };
    this.made.set(at, m);
    return m;
  }

  /** The same mail (id, date, sender, subject) in an archive before this one: a list cross-post. */
  private heldEarlier(m: ArchiveMessage, archive: number): boolean {
    const id = m.ids[0]!;
    for (let b = 0; b < archive; b++) {
      for (const n of this.sources[b]!.lookup('i', id)) {
        const x = this.get(this.starts[b]! + n);
        if (x && x.ids[0] === id && x.date === m.date && x.email === m.email && x.subject === m.subject) return true;
      }
    }
    return false;
  }

  private find(kind: PostingKind, value: string, keep: (m: CatalogMessage) => boolean): CatalogMessage[] {
    const out: CatalogMessage[] = [];
    this.sources.forEach((s, a) => {
      for (const n of s.lookup(kind, value)) {
        const m = this.get(this.starts[a]! + n);
        if (m && keep(m)) out.push(m);
      }
    });
    return out;
  }

  /** Messages that carry `id` or refer to it, in catalog order. */
  private mentioning(id: string): CatalogMessage[] {
    let list = this.mentions.get(id);
    if (!list) {
      list = this.find('i', id, (m) => m.ids.includes(id) || m.refs.includes(id));
      this.mentions.set(id, list);
    }
    return list;
  }

  /** The message carrying a Message-ID (the first one, where a client reused an id). */
  message(id: string): CatalogMessage | null {
    return this.mentioning(id).find((m) => m.ids.includes(id)) ?? null;
  }

  private thread(m: CatalogMessage): Thread {
    const kept = this.threads.get(m.at);
    if (kept) return kept;
    const members = new Map<number, CatalogMessage>([[m.at, m]]);
    const ids = new Set<string>();
    const queue = [...m.ids, ...m.refs];
    while (queue.length) {
      const id = queue.pop()!;
      if (ids.has(id)) continue;
      ids.add(id);
      for (const x of this.mentioning(id)) {
        if (members.has(x.at)) continue;
        members.set(x.at, x);
        queue.push(...x.ids, ...x.refs);
      }
    }
    const list = [...members.values()].sort((a, b) => a.at - b.at);
    const thread: Thread = { number: list[0]!.at, members: list, ids };
    for (const x of list) this.threads.set(x.at, thread);
    return thread;
  }

  /** The thread a message belongs to (a number; equal numbers, same thread). */
  threadOf(m: CatalogMessage): number {
    return this.thread(m).number;
  }

  /** The messages of a thread, oldest first. */
  threadMessages(thread: number): CatalogMessage[] {
    const m = this.get(thread);
    return m ? [...this.thread(m).members].sort((a, b) => a.date - b.date || a.at - b.at) : [];
  }

  /**
   * The id a message replies to (held or a placeholder), or null for a root. A held message's own References
   * outrank what other messages' chains guess for it (where several carry the id, the last one's); else the
   * first chain in catalog order that names it after another id.
   */
  parentId(id: string): string | null {
    const around = this.mentioning(id);
    let own: string | null = null;
    for (const m of around) if (m.ids[0] === id && m.refs.length) own = m.refs[m.refs.length - 1]!;
    if (own !== null) return own;
    for (const m of around) {
      const i = m.refs.indexOf(id, 1);
      if (i >= 1) return m.refs[i - 1]!;
    }
    return null;
  }

  /** The root of the thread: the top of the parent chain, which may be a placeholder for a message the archives lack. */
  rootId(id: string): string {
    const seen = new Set<string>([id]);
    let at = id;
    for (;;) {
      const p = this.parentId(at);
      if (!p || seen.has(p)) return at;
      seen.add(p);
      at = p;
    }
  }

  /** Every held message below `id` in the reply tree (not `id` itself). */
  descendants(id: string): CatalogMessage[] {
    const near = this.mentioning(id)[0];
    if (!near) return [];
    const thread = this.thread(near);
    if (!thread.children) {
      thread.children = new Map();
      for (const child of thread.ids) {
        const parent = this.parentId(child);
        if (parent === null) continue;
        const list = thread.children.get(parent);
        if (list) list.push(child);
        else thread.children.set(parent, [child]);
      }
    }
    const children = thread.children;
    const out: CatalogMessage[] = [];
    const seen = new Set<string>([id]);
    const stack = [...(children.get(id) ?? [])];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      const m = this.message(c);
      if (m && m.ids[0] === c) out.push(m);
      stack.push(...(children.get(c) ?? []));
    }
    return out.sort((a, b) => a.date - b.date || a.at - b.at);
  }

  /** Messages whose patch touches the path (as its new or its old name). */
  touching(path: string): readonly CatalogMessage[] {
    let list = this.paths.get(path);
    if (!list) {
      list = this.find('p', path, (m) => (m.files ?? []).some((f) => f.path === path || f.oldPath === path));
      this.paths.set(path, list);
    }
    return list;
  }

  /** Messages carrying a change-id (b4's, gerrit's). */
  withChangeId(id: string): readonly CatalogMessage[] {
    return this.find('c', id, (m) => m.changeId === id);
  }

  /** Messages that are not replies whose normalised subject is `key`. */
  withSubjectKey(key: string): readonly CatalogMessage[] {
    return this.find('k', key, (m) => !m.norm.reply && m.norm.key === key);
  }

  /** Every message, in catalog order: reads the whole of every archive (for checks over a whole archive). */
  all(): CatalogMessage[] {
    const out: CatalogMessage[] = [];
    for (let at = 0; at < this.size; at++) {
      const m = this.get(at);
      if (m) out.push(m);
    }
    return out;
  }
}

/** The catalog of the messages the given archive indexes hold (each opened, none read). */
export async function openCatalog(indexes: readonly ArchiveIndex[]): Promise<ArchiveCatalog> {
  return new ArchiveCatalog(await Promise.all(indexes.map((i) => i.open())));
}
