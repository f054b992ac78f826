import { memo, useCallback, useLayoutEffect, useRef, useState, type ComponentProps } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import { ChurnChart } from './ChurnChart';
import { TimeAxis } from './TimeAxis';
import type { Domain } from './timeScale';

const Axis = memo(TimeAxis);

/**
 * The time axis and the churn chart under it, which follows the axis's zoom: the span is kept here, so a zoom or a
 * filter that moves it draws these two again, not the whole screen. The axis shows when each commit was made, not
 * its counts: a batch of +/- counts (new entry objects for the same commits, every 250 ms while a first open
 * counts) draws the chart again, not the axis.
 */
export function TimeCharts(p: Omit<ComponentProps<typeof TimeAxis>, 'onDomain'>) {
  const [domain, setDomain] = useState<Domain | null>(null);
  const commits = useSameCommits(p.entries);
  // the axis is handed one function for good, which calls the screen's latest
  const latest = useRef(p.onSelect);
  useLayoutEffect(() => {
    latest.current = p.onSelect;
  });
  const onSelect = useCallback((oid: string) => latest.current(oid), []);
  return (
    <>
      <Axis {...p} entries={commits} onSelect={onSelect} onDomain={setDomain} />
      <ChurnChart entries={p.entries} domain={domain} />
    </>
  );
}

/** The list as it was drawn last where it names the same commits in the same order (only their counts came). */
function useSameCommits(entries: readonly TimelineEntry[]): readonly TimelineEntry[] {
  const last = useRef(entries);
  const prev = last.current;
  const same = prev === entries || (prev.length === entries.length && prev.every((e, i) => e.oid === entries[i]!.oid));
  useLayoutEffect(() => {
    if (!same) last.current = entries;
  });
  return same ? prev : entries;
}
