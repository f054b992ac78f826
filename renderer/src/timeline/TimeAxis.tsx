import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import { discussionMarkSize } from './CommitList';
import { type Domain, monthTicks, panDomain, tOf, xOf, zoomDomain } from './timeScale';
import { mainlineRelease, placeLabels } from './releaseLabels';
import { commitTime, timeRange } from './commitTimes';

interface Props {
  entries: readonly TimelineEntry[];
  releases: Readonly<Record<string, string>>;
  /** Every release tag of the repository: an -rc or maintenance tag is shown as its mainline release where that is tagged. */
  releaseNames: readonly string[];
  /** Told the span on screen after a zoom or pan (the churn chart follows it). */
  onDomain?: (d: Domain) => void;
  selected: string | null;
  pickA: string | null;
  pickB: string | null;
  macroChanges: ReadonlySet<string>;
  /** Replies in the review thread of each commit that has one: a mark under it, sized as the list's. */
  replies: Readonly<Record<string, number>>;
  onSelect: (oid: string) => void;
}

const H = 150;
const BAND = 22;
const AXIS = 22;

/** Room the zoom buttons take at the top right: no release label goes under them. */
const TOOLS_PX = 100;
/** The baseline of the second line of release labels, below the zoom buttons and above the stacked marks. */
const LABEL_ROW2_Y = 38;

/** The commits whose marks fall within 4 px of each other, drawn as one bar where there are more than DENSE. */
interface Bucket {
  readonly x: number;
  readonly entries: TimelineEntry[];
}
const DENSE = 5;

interface Place {
  readonly x: number;
  readonly y: number;
  /** A bar's height; 0 for a circle. */
  readonly h: number;
  readonly subject: string;
}

/** The mark of a bucket's k-th commit: the bucket's bar where it is dense, else the k-th circle up. */
function place(b: Bucket, k: number, mid: number): Place {
  const subject = b.entries[k]!.subject;
  if (b.entries.length <= DENSE) return { x: b.x, y: mid + 24 - k * 11, h: 0, subject };
  const h = Math.min(H - BAND - AXIS - 8, 6 + Math.log2(b.entries.length) * 10);
  return { x: b.x, y: mid + 30 - h, h, subject };
}

/** The span, moved to show the commit at `selected` (a time) where it is outside it. */
function following(d: Domain, selected: number | null, limits: Domain): Domain {
  return selected === null || (selected >= d.start && selected <= d.end) ? d : panDomain(d, selected - (d.start + d.end) / 2, limits);
}

/** Commits on a real time axis, grouped by release, with month ticks, zoom, pan and density. */
export function TimeAxis(p: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const times = useMemo(() => p.entries.map(commitTime), [p.entries]);
  // no commit shown (a filter that matches nothing): the axis stays where it was rather than jumping to today
  const lastLimits = useRef<Domain | null>(null);
  // by value: a new list of the same span (a re-render, the same filter) keeps the zoom
  const { min, max } = useMemo(() => timeRange(times), [times]);
  const limits = useMemo<Domain>(() => {
    if (Number.isNaN(min)) return lastLimits.current ?? { start: Date.now() - 365 * 86400_000, end: Date.now() };
    const pad = Math.max(15 * 86400_000, (max - min) * 0.02);
    return { start: min - pad, end: max + pad };
  }, [min, max]);
  useEffect(() => {
    lastLimits.current = limits;
  }, [limits]);
  // the axis follows the selection: a commit selected outside the span on screen is brought into it
  const selectedTime = useMemo(() => {
    const i = p.selected === null ? -1 : p.entries.findIndex((e) => e.oid === p.selected);
    return i < 0 ? null : times[i]!;
  }, [p.selected, p.entries, times]);
  // The span on screen: the whole list's when the list's span changes, moved to a newly selected commit outside it,
  // else where the user zoomed and panned. Worked out as the list is drawn, not after it in an effect: at every key
  // of a filter that narrows the list, the axis would be drawn twice, the second time with its new span.
  const [view, setView] = useState(() => ({ limits, selectedTime, domain: following(limits, selectedTime, limits) }));
  let domain = view.domain;
  if (view.limits !== limits || view.selectedTime !== selectedTime) {
    domain = following(view.limits === limits ? view.domain : limits, selectedTime, limits);
    setView({ limits, selectedTime, domain });
  }
  const setDomain = (d: Domain) => setView({ limits, selectedTime, domain: d });
  const onDomain = p.onDomain;
  useEffect(() => onDomain?.(domain), [domain, onDomain]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  const drag = useRef<{ x: number; domain: Domain } | null>(null);

  const known = useMemo(() => new Set(p.releaseNames), [p.releaseNames]);
  const releaseOf = useMemo(() => {
    const cache = new Map<string, string>();
    return (oid: string) => {
      const first = p.releases[oid];
      if (!first) return 'unreleased';
      let r = cache.get(first);
      if (r === undefined) cache.set(first, (r = mainlineRelease(first, known)));
      return r;
    };
  }, [p.releases, known]);
  const groups = useMemo(() => {
    const byTag = new Map<string, { min: number; max: number; count: number }>();
    p.entries.forEach((e, i) => {
      const tag = releaseOf(e.oid);
      const g = byTag.get(tag) ?? { min: times[i]!, max: times[i]!, count: 0 };
      g.min = Math.min(g.min, times[i]!);
      g.max = Math.max(g.max, times[i]!);
      g.count++;
      byTag.set(tag, g);
    });
    return [...byTag.entries()].sort((a, b) => a[1].min - b[1].min);
  }, [p.entries, releaseOf, times]);

  const buckets = useMemo(() => {
    const m = new Map<number, Bucket>();
    p.entries.forEach((e, i) => {
      const x = xOf(times[i]!, domain, width);
      if (x < -5 || x > width + 5) return;
      const key = Math.round(x / 4);
      const b = m.get(key) ?? { x: key * 4, entries: [] };
      b.entries.push(e);
      m.set(key, b);
    });
    return m;
  }, [p.entries, times, domain, width]);

  const selectedRelease = p.selected === null ? null : releaseOf(p.selected);
  const bands = useMemo(() => {
    const spans = groups.map(([tag, g], i) => {
      const x1 = xOf(g.min, domain, width) - 3;
      return { tag, x1, x2: Math.max(x1 + 6, xOf(g.max, domain, width) + 3), shade: i % 2 };
    });
    const labels = placeLabels(spans, width, selectedRelease, [[width - TOOLS_PX, width]]);
    return spans.filter((b) => b.x2 >= 0 && b.x1 <= width).map((b) => ({ ...b, label: labels.get(b.tag) ?? null }));
  }, [groups, domain, width, selectedRelease]);

  const ticks = monthTicks(domain, width);
  const mid = BAND + (H - BAND - AXIS) / 2;

  // Drawn once per list, span and size: moving the selection (j/k) re-renders only the overlay of the marks
  // picked out, not the thousands of marks of a long history.
  const select = useRef(p.onSelect);
  select.current = p.onSelect;
  /** Where a commit's mark is: the bucket it falls in (4 px wide) and its place there, for the few marks picked out. */
  const placeOf = (oid: string): Place | null => {
    const i = p.entries.findIndex((e) => e.oid === oid);
    const b = i < 0 ? undefined : buckets.get(Math.round(xOf(times[i]!, domain, width) / 4));
    return b ? place(b, b.entries.indexOf(p.entries[i]!), mid) : null;
  };
  const marks = useMemo(
    () =>
      [...buckets.values()].map((b) => {
        const cls = b.entries.some((e) => p.macroChanges.has(e.oid)) ? 'mark macro' : 'mark';
        if (b.entries.length > DENSE) {
          const at = place(b, 0, mid);
          return (
            <rect
              key={b.x}
              className={`${cls} density`}
              x={b.x - 2}
              y={at.y}
              width={4}
              height={at.h}
              onClick={() => select.current(b.entries[0]!.oid)}
            >
              <title>{b.entries.length} commits</title>
            </rect>
          );
        }
        return b.entries.map(({ oid, subject }, k) => (
          <circle key={oid} className={cls} cx={b.x} cy={place(b, k, mid).y} r={4} data-oid={oid} onClick={() => select.current(oid)}>
            <title>{subject}</title>
          </circle>
        ));
      }),
    [buckets, mid, p.macroChanges],
  );
  const picked = new Map<string, { at: Place; classes: string[] }>();
  for (const [oid, cls] of [
    [p.selected, 'selected'],
    [p.pickA, 'pick-a'],
    [p.pickB, 'pick-b'],
  ] as const) {
    if (oid === null) continue;
    const known = picked.get(oid);
    const at = known?.at ?? placeOf(oid);
    if (at) picked.set(oid, { at, classes: [...(known?.classes ?? []), cls] });
  }
  const overlay = [...picked].map(([oid, { at, classes }]) => {
    const cls = ['mark', ...classes, p.macroChanges.has(oid) ? 'macro' : ''].join(' ');
    return at.h > 0 ? (
      <rect key={`o${oid}`} className={`${cls} density`} x={at.x - 2} y={at.y} width={4} height={at.h} data-oid={oid}>
        <title>{at.subject}</title>
      </rect>
    ) : (
      <circle key={`o${oid}`} className={cls} cx={at.x} cy={at.y} r={oid === p.selected ? 6 : 4} data-oid={oid}>
        <title>{at.subject}</title>
      </circle>
    );
  });
  const discussionMarks = useMemo(
    () =>
      // (no archive attached: no thread, and nothing to look up for each of thousands of commits)
      Object.keys(p.replies).length === 0
        ? []
        : p.entries.map((e, i) => {
            const replies = p.replies[e.oid];
            if (replies === undefined) return null;
            const x = xOf(times[i]!, domain, width);
            if (x < -10 || x > width + 10) return null;
            const label = `review thread, ${replies} repl${replies === 1 ? 'y' : 'ies'}`;
            return (
              <circle
                key={`d${e.oid}`}
                className="discussion-axis-mark"
                cx={x}
                cy={H - AXIS - 10}
                r={discussionMarkSize(replies) / 2}
                data-oid={e.oid}
                data-replies={replies}
                onClick={() => select.current(e.oid)}
              >
                <title>
                  {e.subject}: {label}
                </title>
              </circle>
            );
          }),
    [p.entries, p.replies, times, domain, width],
  );
  const macroMarks = useMemo(() => {
    if (p.macroChanges.size === 0) return [];
    return p.entries.flatMap(({ oid }, i) => {
      if (!p.macroChanges.has(oid)) return [];
      const x = xOf(times[i]!, domain, width);
      return (
        <path
          key={`m${oid}`}
          className="macro-mark"
          d={`M${x - 5},${BAND + 4} L${x + 5},${BAND + 4} L${x},${BAND + 12} Z`}
          onClick={() => select.current(oid)}
        >
          <title>Export macro changed</title>
        </path>
      );
    });
  }, [p.entries, p.macroChanges, times, domain, width]);

  return (
    <div
      className="time-axis"
      ref={ref}
      onWheel={(e) => {
        const at = tOf(e.clientX - (ref.current?.getBoundingClientRect().left ?? 0), domain, width);
        setDomain(zoomDomain(domain, at, e.deltaY > 0 ? 1.25 : 0.8, limits));
      }}
      onMouseDown={(e) => {
        drag.current = { x: e.clientX, domain };
      }}
      onMouseMove={(e) => {
        if (drag.current)
          setDomain(panDomain(drag.current.domain, -((e.clientX - drag.current.x) / width) * (domain.end - domain.start), limits));
      }}
      onMouseUp={() => {
        drag.current = null;
      }}
      onMouseLeave={() => {
        drag.current = null;
      }}
    >
      <div className="axis-tools">
        <button type="button" title="Zoom in" onClick={() => setDomain(zoomDomain(domain, (domain.start + domain.end) / 2, 0.6, limits))}>
          +
        </button>
        <button type="button" title="Zoom out" onClick={() => setDomain(zoomDomain(domain, (domain.start + domain.end) / 2, 1.6, limits))}>
          −
        </button>
        <button type="button" title="Show everything" onClick={() => setDomain(limits)}>
          ⤢
        </button>
      </div>
      <svg width={width} height={H} role="img" aria-label={`${p.entries.length} commits on a time axis`}>
        {bands.map((b) => (
          <rect key={b.tag} className={`release r${b.shade}`} x={b.x1} y={2} width={b.x2 - b.x1} height={H - AXIS - 4} rx={3}>
            <title>{b.tag}</title>
          </rect>
        ))}
        {/* labels over every band (in a merge-heavy history releases overlap in time) */}
        {bands.map((b) =>
          b.label === null ? null : (
            <text
              key={b.tag}
              className={b.tag === selectedRelease ? 'release-label selected' : 'release-label'}
              x={b.label.x}
              y={b.label.row === 0 ? 15 : LABEL_ROW2_Y}
            >
              {b.tag}
            </text>
          ),
        )}
        {ticks.map((t) => (
          <g key={t.t} className={t.major ? 'tick major' : 'tick'}>
            <line x1={xOf(t.t, domain, width)} x2={xOf(t.t, domain, width)} y1={H - AXIS} y2={H - AXIS + (t.major ? 8 : 4)} />
            {t.label && (
              <text x={xOf(t.t, domain, width) + 2} y={H - 4}>
                {t.label}
              </text>
            )}
          </g>
        ))}
        <line className="baseline" x1={0} x2={width} y1={H - AXIS} y2={H - AXIS} />
        {marks}
        {overlay}
        {discussionMarks}
        {macroMarks}
      </svg>
    </div>
  );
}
