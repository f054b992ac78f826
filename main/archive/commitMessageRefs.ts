import { keyedLine } from '../../shared/keyedLine';
import { trimTrailing } from '../../shared/trimTrailing';
/** Message-IDs a commit message names: in Link:/Closes:/Message-ID: trailers, and elsewhere in its text (weaker). */
export interface CommitMessageRefs {
  readonly trailers: readonly string[];
  readonly mentions: readonly string[];
}

const TRAILER_HEAD = /^\s*(link|closes|buglink|message-id)\s*:/i;
const URL = /\bhttps?:\/\/[^\s<>"'\])]+/gi;

/**
 * The Message-ID in a mail-archive URL: lore's `/r/<id>`, `/<list>/<id>/`, `/all/<id>/T/#u`, lkml.kernel.org's
 * `/r/<id>`, patch.msgid.link's `/<id>`, patchwork's `/patch/<id>/` — the path segment that is an id
 * (percent-decoded, with an `@`). Null for URLs that name no message (lkml.org by date, bugzilla…).
 */
export function messageIdFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new globalThis.URL(trimTrailing(url, '.,;:>)'));
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const segments = parsed.pathname.split('/').filter(Boolean);
  for (const seg of segments) {
    let id: string;
    try {
      id = decodeURIComponent(seg);
    } catch {
      id = seg;
    }
    id = id.replace(/^<|>$/g, '');
    if (/^[^@\s]+@[^@\s]+$/.test(id)) return id;
  }
  return null;
}

export function commitMessageRefs(message: string): CommitMessageRefs {
  const trailers: string[] = [];
  const mentions: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    const t = keyedLine(line, TRAILER_HEAD);
    if (t) {
      const value = t[1];
      const id =
        t[0].toLowerCase() === 'message-id'
          ? (/<([^<>\s]+)>/.exec(value)?.[1] ?? value.replace(/^<|>$/g, ''))
          : // the address as it is, or in angle brackets (`Link: <https://lore.kernel.org/…>`, as man-pages writes it)
            messageIdFromUrl(value.replace(/^<\s*/, '').split(/[\s>]/)[0]!);
      if (id && !trailers.includes(id)) trailers.push(id);
      continue;
    }
    for (const m of line.matchAll(URL)) {
      const id = messageIdFromUrl(m[0]);
      if (id && !mentions.includes(id) && !trailers.includes(id)) mentions.push(id);
    }
  }
  return { trailers, mentions: mentions.filter((m) => !trailers.includes(m)) };
}
