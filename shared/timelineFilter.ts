import { z } from 'zod';
import type { TimelineEntry } from './model';
import { compareVersionTags } from './versionOrder';

/**
 * The one filter over a timeline: the screen's filter bar and the report apply this same function, so
 * a report of "the filtered timeline" lists exactly the commits the screen shows.
 */
export interface TimelineFilter {
  /** In the author's name or email, any case. */
  readonly author: string;
  /** In the commit id, subject or body, any case. */
  readonly text: string;
  /** Author dates, YYYY-MM-DD, both ends included. */
  readonly from: string;
  readonly to: string;
  /** The first release containing the commit lies in this range (version order, both ends included). */
  readonly tagFrom: string;
  readonly tagTo: string;
  /** Only commits that changed this C function. */
  readonly fn: string;
  /** 'yes': only commits whose patch has a review thread in the attached archives. */
  readonly discussed: '' | 'yes';
  /** Only commits whose review thread's messages (subjects, authors, text) contain this, any case. */
  readonly mentions: string;
}

export const EMPTY_FILTER: TimelineFilter = {
  author: '',
  text: '',
  from: '',
  to: '',
  tagFrom: '',
  tagTo: '',
  fn: '',
  discussed: '',
  mentions: '',
};

/**
 * What the discussion clauses need: the commits that have a thread (with its number of replies), and the
 * commits whose thread mentions the filter's text (null while it is being searched: then nothing passes).
 */
export interface DiscussionFilterFacts {
  readonly replies: Readonly<Record<string, number>>;
  readonly mentioning: ReadonlySet<string> | null;
}

export const NO_DISCUSSIONS: DiscussionFilterFacts = { replies: {}, mentioning: null };

/** The commits a thread search found, as the filter's facts (the search is main/archive/searchDiscussions.ts). */
export function discussionFilterFacts(
  entries: readonly { readonly oid: string; readonly discussion: { readonly replies: number } | null }[],
  mentioning: readonly string[] | null,
): DiscussionFilterFacts {
  const replies: Record<string, number> = {};
  for (const e of entries) if (e.discussion) replies[e.oid] = e.discussion.replies;
  return { replies, mentioning: mentioning ? new Set(mentioning) : null };
}

/** The text a "discussion mentions" search looks for, as the filter and the search both compare it. */
export function mentionNeedle(f: TimelineFilter): string {
  return f.mentions.trim().toLowerCase();
}

const field = z.string().max(200);
/** Over the wire any field may be left out (it then filters nothing). */
export const timelineFilterSchema = z
  .object({
    author: field,
    text: field,
    from: field,
    to: field,
    tagFrom: field,
    tagTo: field,
    fn: field,
    discussed: z.enum(['', 'yes']),
    mentions: field,
  })
  .partial()
  .strict();

export type TimelineFilterInput = z.infer<typeof timelineFilterSchema>;

export function toTimelineFilter(f: TimelineFilterInput | undefined): TimelineFilter {
  return { ...EMPTY_FILTER, ...Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => v !== undefined)) };
}

/** What the filter needs besides the entries: the first release of each commit, the functions it changed. */
export function filterNeeds(f: TimelineFilter): { releases: boolean; functions: boolean; discussions: boolean; mentions: boolean } {
  return {
    releases: Boolean(f.tagFrom || f.tagTo),
    functions: Boolean(f.fn),
    discussions: f.discussed === 'yes' || Boolean(mentionNeedle(f)),
    mentions: Boolean(mentionNeedle(f)),
  };
}

export function filterEntries(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
  releases: Readonly<Record<string, string>>,
  functions: Readonly<Record<string, readonly string[]>> = {},
  discussions: DiscussionFilterFacts = NO_DISCUSSIONS,
): TimelineEntry[] {
  const mentions = mentionNeedle(f);
  const author = f.author.trim().toLowerCase();
  const text = f.text.trim().toLowerCase();
  return entries.filter((e) => {
    if (author && !`${e.author.name} ${e.author.email}`.toLowerCase().includes(author)) return false;
    if (text && !`${e.oid} ${e.subject}\n${e.body}`.toLowerCase().includes(text)) return false;
    const date = e.author.date.slice(0, 10);
    if (f.from && date < f.from) return false;
    if (f.to && date > f.to) return false;
    if (f.fn && !(functions[e.oid] ?? []).includes(f.fn)) return false;
    if (f.discussed === 'yes' && discussions.replies[e.oid] === undefined) return false;
    if (mentions && !discussions.mentioning?.has(e.oid)) return false;
    if (f.tagFrom || f.tagTo) {
      const rel = releases[e.oid];
      if (!rel) return false;
      if (f.tagFrom && compareVersionTags(rel, f.tagFrom) < 0) return false;
      if (f.tagTo && compareVersionTags(rel, f.tagTo) > 0) return false;
    }
    return true;
  });
}

export function isFilterActive(f: TimelineFilter): boolean {
  return Object.values(f).some((v) => v !== '');
}

/** The filter in words, one clause per set field (empty when nothing is filtered), as reports print it. */
export function describeFilter(f: TimelineFilter): string[] {
  const out: string[] = [];
  if (f.text.trim()) out.push(`id or message contains "${f.text.trim()}"`);
  if (f.author.trim()) out.push(`author contains "${f.author.trim()}"`);
  if (f.from || f.to) out.push(`authored ${f.from ? `from ${f.from}` : ''}${f.from && f.to ? ' ' : ''}${f.to ? `to ${f.to}` : ''}`);
  if (f.tagFrom || f.tagTo) out.push(`first released in ${f.tagFrom || 'the first release'} … ${f.tagTo || 'the last release'}`);
  if (f.fn) out.push(`changed function ${f.fn}`);
  if (f.discussed === 'yes') out.push('has a review thread');
  if (mentionNeedle(f)) out.push(`review thread mentions "${f.mentions.trim()}"`);
  return out;
}
