import { useState, type ComponentProps } from 'react';
import { ChurnChart } from './ChurnChart';
import { TimeAxis } from './TimeAxis';
import type { Domain } from './timeScale';

/**
 * The time axis and the churn chart under it, which follows the axis's zoom: the span is kept here, so a zoom or a
 * filter that moves it draws these two again, not the whole screen.
 */
export function TimeCharts(p: Omit<ComponentProps<typeof TimeAxis>, 'onDomain'>) {
  const [domain, setDomain] = useState<Domain | null>(null);
  return (
    <>
      <TimeAxis {...p} onDomain={setDomain} />
      <ChurnChart entries={p.entries} domain={domain} />
    </>
  );
}
