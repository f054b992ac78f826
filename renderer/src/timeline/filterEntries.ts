import type { TimelineEntry } from '../../../shared/model';
import { compareVersionTags } from '../../../shared/versionOrder';

export interface TimelineFilter {
  readonly author: string;
  readonly text: string;
  readonly from: string;
  readonly to: string;
  readonly tagFrom: string;
  readonly tagTo: string;
  /** Only commits that changed this C function. */
  readonly fn: string;
}

export const EMPTY_FILTER: TimelineFilter = { author: '', text: '', from: '', to: '', tagFrom: '', tagTo: '', fn: '' };

export function filterEntries(entries: readonly TimelineEntry[], f: TimelineFilter, releases: Readonly<Record<string, string>>, functions: Readonly<Record<string, readonly string[]>> = {}): TimelineEntry[] {
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
