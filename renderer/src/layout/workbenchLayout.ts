import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { isBoolean, isNumber, usePersistentState } from './usePersistentState';

/** Narrower than this, the details go under the diff (styles.css has the same width). */
export const NARROW = '(max-width: 1350px)';

export type LayoutPart = 'list' | 'details' | 'charts' | 'focus' | 'fullFile';

/** The timeline screen's panes: sizes and what is shown, remembered across reloads. */
export interface WorkbenchLayout {
  readonly listWidth: number;
  readonly detailsWidth: number;
  readonly detailsHeight: number;
  /** The details sit under the diff (narrow windows) rather than beside it. */
  readonly detailsUnder: boolean;
  readonly shown: Readonly<Record<LayoutPart, boolean>>;
  setListWidth(px: number): void;
  setDetailsSize(px: number): void;
  toggle(part: LayoutPart): void;
}

const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)));

function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setMatches(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return matches;
}

// a short window starts with the time axis and churn chart folded away: they would take a third of its height from the diff
const defaultShown = (): Record<LayoutPart, boolean> => ({
  list: true,
  details: true,
  charts: window.innerHeight >= 760,
  focus: false,
  fullFile: false,
});
const isShown = (v: unknown): v is Record<LayoutPart, boolean> =>
  typeof v === 'object' && v !== null && Object.keys(defaultShown()).every((k) => isBoolean((v as Record<string, unknown>)[k]));

export function useWorkbenchLayout(): WorkbenchLayout {
  // first start: sizes from the window, so a small screen leaves the diff most of the width
  const [listWidth, setListWidth] = usePersistentState('listWidth', () => clamp(window.innerWidth * 0.24, 220, 400), isNumber);
  const [detailsWidth, setDetailsWidth] = usePersistentState('detailsWidth', () => clamp(window.innerWidth * 0.2, 220, 340), isNumber);
  const [detailsHeight, setDetailsHeight] = usePersistentState('detailsHeight', () => clamp(window.innerHeight * 0.16, 100, 240), isNumber);
  const [shown, setShown] = usePersistentState('shown', defaultShown, isShown);
  const detailsUnder = useMedia(NARROW);
  return useMemo(
    () => ({
      listWidth,
      detailsWidth,
      detailsHeight,
      detailsUnder,
      shown,
      setListWidth,
      setDetailsSize: detailsUnder ? setDetailsHeight : setDetailsWidth,
      toggle: (part) => setShown((s) => ({ ...s, [part]: !s[part] })),
    }),
    [listWidth, detailsWidth, detailsHeight, detailsUnder, shown, setListWidth, setDetailsHeight, setDetailsWidth, setShown],
  );
}

export const LayoutContext = createContext<WorkbenchLayout | null>(null);

/** The timeline screen's layout, for the panes inside its tabs. */
export function useLayout(): WorkbenchLayout {
  const l = useContext(LayoutContext);
  if (!l) throw new Error('useLayout outside the timeline screen');
  return l;
}
