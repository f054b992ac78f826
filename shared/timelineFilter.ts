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
}

export const EMPTY_FILTER: TimelineFilter = { author: '', text: '', from: '', to: '', tagFrom: '', tagTo: '', fn: '' };

const field = z.string().max(200);
/** Over the wire any field may be left out (it then filters nothing). */
export const timelineFilterSchema = z
  .object({ author: field, text: field, from: field, to: field, tagFrom: field, tagTo: field, fn: field })
  .partial()
  .strict();

export type TimelineFilterInput = z.infer<typeof timelineFilterSchema>;

export function toTimelineFilter(f: TimelineFilterInput | undefined): TimelineFilter {
  return { ...EMPTY_FILTER, ...Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => v !== undefined)) };
}

/** What the filter needs besides the entries: the first release of each commit, the functions it changed. */
export function filterNeeds(f: TimelineFilter): { releases: boolean; functions: boolean } {
  return { releases: Boolean(f.tagFrom || f.tagTo), functions: Boolean(f.fn) };
}

export function filterEntries(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
  releases: Readonly<Record<string, string>>,
  functions: Readonly<Record<string, readonly string[]>> = {},
): TimelineEntry[] {
  const author = f.author.trim().toLowerCase();
  const text = f.text.trim().toLowerCase();
  return entries.filter((e) => {
    if (author && !`${e.author.name} ${e.author.email}`.toLowerCase().includes(author)) return false;
    if (text && !`${e.oid} ${e.subject}\n${e.body}`.toLowerCase().includes(text)) return false;
    const date = e.author.date.slice(0, 10);
    if (f.from && date < f.from) return false;
    if (f.to && date > f.to) return false;
    if (f.fn && !(functions[e.oid] ?? []).includes(f.fn)) return false;
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
  return out;
}
