import type { Timeline } from '../../../shared/model';
import { viewFromHash, viewToHash, type ViewLocation } from '../../../shared/viewLocation';

// the last view of each file in this window's session: ◀ and reopening the file find its filter again
const sessionKey = (dir: string, path: string) => `strata.view.${dir}\0${path}`;

/** What the timeline of this file starts with: the address's view when it names this file, else the last one this session. */
export function initialViewOf(timeline: Timeline): ViewLocation | null {
  const here = viewFromHash(window.location.hash);
  if (here && here.dir === timeline.repo.dir && here.path === timeline.path) return here;
  try {
    const kept = window.sessionStorage.getItem(sessionKey(timeline.repo.dir, timeline.path));
    return kept ? viewFromHash(kept) : null;
  } catch {
    return null;
  }
}

/** The address follows the view (replaceState: the browser's own history is not filled with every j). */
export function showViewInAddress(v: ViewLocation): void {
  const hash = viewToHash(v);
  if (window.location.hash !== hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  try {
    window.sessionStorage.setItem(sessionKey(v.dir, v.path), hash);
  } catch {
    // storage off: the address still carries it
  }
}

/** Back to the start screen: the address names no file any more (a reload stays there). */
export function clearViewAddress(): void {
  if (window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
}
