import type { TimelineEntry } from '../../../shared/model';

/** The two sides' labels above the diff: A and B when both are picked, else the selected commit and its parent. */
export function diffLabels(current: TimelineEntry | null, a?: TimelineEntry, b?: TimelineEntry): { original: string; modified: string } {
  const label = (e: TimelineEntry) => `${e.oid.slice(0, 12)} · ${e.author.date.slice(0, 10)}`;
  if (a && b) return { original: `A: ${label(a)}`, modified: `B: ${label(b)}` };
  if (!current) return { original: '', modified: '' };
  const parent = current.status === 'A' ? undefined : current.parents[0];
  return { original: parent ? `parent ${parent.slice(0, 12)}` : '(file did not exist)', modified: label(current) };
}
