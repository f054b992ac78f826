import type { ArchiveMessage } from './archiveMessage';
import { normalizeSubject } from './normalizeSubject';

/**
 * What a message can be looked up by without reading it: a Message-ID it carries or refers to (`i`), a path its
 * patch touches (`p`), its normalised subject when it is not a reply (`k`), its change-id (`c`).
 */
export type PostingKind = 'i' | 'p' | 'k' | 'c';

/** FNV-1a over the UTF-16 units of `kind` and `value`: a 32-bit key; a match is confirmed on the message itself. */
export function postingHash(kind: PostingKind, value: string): number {
  let h = (0x811c9dc5 ^ kind.charCodeAt(0)) >>> 0;
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The posting hashes of one message, each once. */
export function messagePostings(m: ArchiveMessage): number[] {
  const out = new Set<number>();
  for (const id of m.ids) out.add(postingHash('i', id));
  for (const id of m.refs) out.add(postingHash('i', id));
  for (const f of m.files ?? []) {
    out.add(postingHash('p', f.path));
    if (f.oldPath) out.add(postingHash('p', f.oldPath));
  }
  const norm = normalizeSubject(m.subject);
  if (!norm.reply) out.add(postingHash('k', norm.key));
  if (m.changeId) out.add(postingHash('c', m.changeId));
  return [...out];
}

/**
 * Hash → message numbers, over (hash, number) pairs as the index appends them: a chained table in two typed
 * arrays, built in one pass (about 20 ms for the 370,000 postings of 100,000 messages), so an archive opens
 * without parsing a message.
 */
export class PostingTable {
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly mask: number;

  /** `pairs`: hash, message number, hash, message number… in the order the messages were indexed. */
  constructor(private readonly pairs: Uint32Array) {
    const records = pairs.length >> 1;
    let size = 1024;
    while (size < records * 2) size *= 2;
    this.mask = size - 1;
    this.heads = new Int32Array(size).fill(-1);
    this.next = new Int32Array(records);
    for (let r = 0; r < records; r++) {
      const b = pairs[r * 2]! & this.mask;
      this.next[r] = this.heads[b]!;
      this.heads[b] = r;
    }
  }

  /** The numbers of the messages posted under `hash`, ascending (a collision may add a message that does not match). */
  lookup(hash: number): number[] {
    const out: number[] = [];
    for (let r = this.heads[hash & this.mask]!; r >= 0; r = this.next[r]!) if (this.pairs[r * 2] === hash) out.push(this.pairs[r * 2 + 1]!);
    return out.reverse();
  }
}

/** The messages of one archive as the catalog reads them: by number, and by what they can be looked up by. */
export interface MessageSource {
  readonly count: number;
  /** Message `n` (0-based, in archive order). */
  read(n: number): ArchiveMessage;
  /** The numbers of the messages posted under kind and value, ascending; each is confirmed by the caller. */
  lookup(kind: PostingKind, value: string): readonly number[];
}

/** A source over messages already in memory (a list built by a test, an index loaded whole). */
export function memoryMessageSource(messages: readonly ArchiveMessage[]): MessageSource {
  const pairs: number[] = [];
  messages.forEach((m, n) => {
    for (const h of messagePostings(m)) pairs.push(h, n);
  });
  const table = new PostingTable(Uint32Array.from(pairs));
  return {
    count: messages.length,
    read: (n) => messages[n]!,
    lookup: (kind, value) => table.lookup(postingHash(kind, value)),
  };
}
