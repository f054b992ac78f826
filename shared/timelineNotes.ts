import type { Timeline } from './model';

/**
 * What a timeline says about itself beyond its entries, as the screen's tool bar says it and `strata log` prints
 * it: a damaged index rebuilt, versions this copy lacks, why the list is empty, a rename search that lacked
 * content (--follow), the path the file was renamed from (without --follow). Every report carries them too.
 */
export function timelineNotes(t: Pick<Timeline, 'path' | 'follow' | 'stats'>): string[] {
  const s = t.stats;
  return [
    s.repaired,
    s.absent,
    s.empty,
    t.follow ? s.renameGaps : undefined,
    !t.follow && s.renamedFrom
      ? `the list ends where ${t.path} was renamed from ${s.renamedFrom}; --follow goes on into its history`
      : undefined,
  ].filter((n): n is string => n !== undefined && n !== '');
}
