import type { Discussion, DiscussionSeriesVersion, DiscussionTag } from '../../shared/discussion';
import { parseMessageFacts } from '../../shared/trailers';
import type { ArchiveCatalog, CatalogMessage } from './archiveCatalog';
import type { CommitLink } from './linkCommit';

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

function isPatch(m: CatalogMessage): boolean {
  return !m.norm.reply && (m.norm.patch || (m.files?.length ?? 0) > 0);
}

/** The other versions of the series: patches by the same author under the same subject (the patch's or the cover's), or the same change-id. */
export function seriesVersions(
  catalog: ArchiveCatalog,
  m: CatalogMessage,
): { version: number; versions: DiscussionSeriesVersion[] } | null {
  if (!isPatch(m)) return null;
  const rootOf = (x: CatalogMessage): CatalogMessage => catalog.message(catalog.rootId(x.ids[0]!)) ?? x;
  const root = rootOf(m);
  const keys = new Set([m.norm.key, root.norm.key].filter(Boolean));
  const changeId = root.changeId ?? m.changeId;
  const threads = new Map<number, CatalogMessage>();
  const consider = (x: CatalogMessage): void => {
    if (!isPatch(x) || x.email !== m.email) return;
    const t = catalog.threadOf(x);
    if (!threads.has(t)) threads.set(t, rootOf(x));
  };
  consider(m);
  for (const key of keys) for (const x of catalog.withSubjectKey(key)) consider(x);
  if (changeId) for (const x of catalog.withChangeId(changeId)) consider(x);
  const versions = [...threads.values()]
    .map((r) => ({ version: r.norm.version, messageId: r.ids[0]!, date: iso(r.date), at: r.date }))
    .sort((a, b) => a.version - b.version || a.at - b.at)
    .map(({ version, messageId, date }) => ({ version, messageId, date }));
  return { version: m.norm.version, versions };
}

/** Whether a tag given in `m` is for `patch`: m replies to it, or to the cover letter of its series without another patch in between. */
function tagApplies(catalog: ArchiveCatalog, m: CatalogMessage, patch: CatalogMessage): boolean {
  const seen = new Set<string>();
  let at = catalog.parentId(m.ids[0]!);
  while (at && !seen.has(at)) {
    seen.add(at);
    if (patch.ids.includes(at)) return true;
    const above = catalog.message(at);
    if (above && !above.norm.reply) {
      if (above.norm.number === 0 && patch.norm.number !== null) return true; // on the cover letter: the whole series
      if (isPatch(above)) return false; // another patch's review
    }
    at = catalog.parentId(at);
  }
  return false;
}

/** Review tags given in the thread to this patch, and whether the commit carries each (as `b4 trailers` would tell). */
export function reviewTags(catalog: ArchiveCatalog, patch: CatalogMessage, commitMessage: string): DiscussionTag[] {
  const carried = parseMessageFacts(commitMessage).trailers;
  const out: DiscussionTag[] = [];
  const seen = new Set<string>();
  for (const m of catalog.threadMessages(catalog.threadOf(patch))) {
    if (m === patch || !m.tags?.length || !tagApplies(catalog, m, patch)) continue;
    for (const t of m.tags) {
      const key = `${t.tag}\0${t.email || t.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const inCommit = carried.some(
        (c) =>
          c.key.toLowerCase() === t.tag.toLowerCase() && (t.email ? (c.email ?? '').toLowerCase() === t.email : (c.name ?? '') === t.name),
      );
      out.push({ tag: t.tag, who: t.email ? `${t.name} <${t.email}>`.trim() : t.name, messageId: m.ids[0]!, inCommit });
    }
  }
  return out;
}

/** The discussion object of the JSON contract for a commit linked to a message. */
export function describeDiscussion(catalog: ArchiveCatalog, link: CommitLink, commitMessage: string): Discussion {
  const m = link.message;
  const id = m.ids[0]!;
  const members = catalog.threadMessages(catalog.threadOf(m));
  const participants = new Map<string, { name: string; email: string; messages: number }>();
  for (const x of members) {
    const key = x.email || x.name;
    const p = participants.get(key);
    if (p) p.messages++;
    else participants.set(key, { name: x.name, email: x.email, messages: 1 });
  }
  return {
    messageId: id,
    how: link.how,
    confidence: Math.round(link.confidence * 100) / 100,
    subject: m.subject,
    from: { name: m.name, email: m.email },
    date: iso(m.date),
    thread: { root: catalog.rootId(id), messageIds: members.map((x) => x.ids[0]!), messages: members.length },
    series: seriesVersions(catalog, m),
    replies: catalog.descendants(id).length,
    participants: [...participants.values()],
    tags: reviewTags(catalog, m, commitMessage),
  };
}
