import type { DiscussionEntry } from '../../shared/discussion';
import { StrataError } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import type { ArchiveCatalog, CatalogMessage } from './archiveCatalog';
import type { ArchiveIndex } from './archiveIndex';
import { decodeMailBody } from './decodeMailBody';
import { parseMailHeaders } from './parseMailHeaders';
import { ArchiveBodyReader } from './readArchiveMessages';

/**
 * Decoded message text, lower-cased, kept between searches (typing "discussion mentions" asks again at each
 * pause): keyed by archive and message, bounded by characters, the least recently used dropped first.
 */
const TEXT_CACHE_LIMIT = 64 * 1024 * 1024;
const textCache = new Map<string, string>();
let cachedChars = 0;

/** Drops the kept texts (a job worker kept as the spare, with nothing open, holds no archive's mail). */
export function forgetDiscussionTexts(): void {
  textCache.clear();
  cachedChars = 0;
}

function cached(key: string): string | undefined {
  const t = textCache.get(key);
  if (t !== undefined) {
    textCache.delete(key);
    textCache.set(key, t);
  }
  return t;
}

function remember(key: string, text: string): void {
  textCache.set(key, text);
  cachedChars += text.length;
  for (const [k, v] of textCache) {
    if (cachedChars <= TEXT_CACHE_LIMIT) break;
    textCache.delete(k);
    cachedChars -= v.length;
  }
}

/** A message's searchable text: who wrote it, its subject and its decoded body, lower-cased. */
async function messageText(m: CatalogMessage, index: ArchiveIndex, reader: ArchiveBodyReader): Promise<string> {
  const key = `${index.location.path}\0${JSON.stringify(m.loc)}`;
  const hit = cached(key);
  if (hit !== undefined) return hit;
  let body: string;
  try {
    const raw = reader.read(m.loc);
    body = (await decodeMailBody(raw, parseMailHeaders(raw))).text;
  } catch {
    body = ''; // a body the archive no longer holds mentions nothing; its headers still count
  }
  const text = `${m.name} ${m.email}\n${m.subject}\n${body}`.toLowerCase();
  remember(key, text);
  return text;
}

/**
 * The commits whose review thread mentions `text` (any case) in any message's sender, subject or body.
 * Each thread is read once however many commits it carried, message by message until one matches; bodies
 * are read from the archives now (the index does not store them) and their decoded text is cached.
 */
export async function searchDiscussions(o: {
  catalog: ArchiveCatalog;
  indexes: readonly ArchiveIndex[];
  entries: readonly DiscussionEntry[];
  text: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}): Promise<string[]> {
  const needle = o.text.trim().toLowerCase();
  if (!needle) return [];
  const byThread = new Map<number, string[]>();
  for (const e of o.entries) {
    const start = e.discussion ? o.catalog.message(e.discussion.messageId) : null;
    if (!start) continue;
    const t = o.catalog.threadOf(start);
    byThread.set(t, [...(byThread.get(t) ?? []), e.oid]);
  }
  const readers = o.indexes.map((i) => new ArchiveBodyReader(i.location));
  const found = new Set<string>();
  try {
    let done = 0;
    for (const [thread, oids] of byThread) {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'The thread search was cancelled.');
      o.onProgress?.({ phase: 'Searching threads', loaded: done++, total: byThread.size });
      for (const m of o.catalog.threadMessages(thread)) {
        if ((await messageText(m, o.indexes[m.archive]!, readers[m.archive]!)).includes(needle)) {
          for (const oid of oids) found.add(oid);
          break;
        }
      }
    }
  } finally {
    for (const r of readers) r.close();
  }
  return o.entries.filter((e) => found.has(e.oid)).map((e) => e.oid);
}
