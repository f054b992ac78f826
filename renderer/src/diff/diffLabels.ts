import type { TimelineEntry } from '../../../shared/model';

/** The two sides' labels above the diff: A and B when both are picked, else the selected commit and its parent. */
export function diffLabels(
  current: TimelineEntry | null,
  a?: TimelineEntry,
  b?: TimelineEntry,
  parentIndex = 0,
): { original: string; modified: string } {
  const label = (e: TimelineEntry) => `${e.oid.slice(0, 12)} · ${e.author.date.slice(0, 10)}`;
  if (a && b) return { original: `A: ${label(a)}`, modified: `B: ${label(b)}` };
  if (!current) return { original: '', modified: '' };
  const parent = parentIndex > 0 ? current.parents[parentIndex] : current.status === 'A' ? undefined : current.parents[0];
  const which = current.parents.length > 1 ? `parent ${parentIndex + 1}` : 'parent';
  return { original: parent ? `${which} ${parent.slice(0, 12)}` : '(file did not exist)', modified: label(current) };
}
