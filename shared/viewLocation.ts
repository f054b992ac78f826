import { isValidRevision } from './refName';
import { revisionRange } from './timelineKey';
import { EMPTY_FILTER, timelineFilterSchema, toTimelineFilter, type TimelineFilter } from './timelineFilter';

/** What the address (the web host's URL, the desktop window's URL) carries so a reload shows the same thing. */
export interface ViewLocation {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  /** git log --first-parent: the first-parent line (absent: every commit git log lists). */
  readonly firstParent?: boolean;
  /** The branch, tag or commit the timeline was opened at; null: HEAD. */
  readonly rev: string | null;
  readonly selected: string | null;
  readonly a: string | null;
  readonly b: string | null;
  readonly filter: TimelineFilter;
}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const FILTER_PREFIX = 'f.';

/** `#dir=…&path=…&rev=…&sel=…&a=…&b=…&f.author=…`: the fragment, so it never reaches a server and leaves the token's query alone. */
export function viewToHash(v: ViewLocation): string {
  const q = new URLSearchParams({ dir: v.dir, path: v.path });
  if (v.follow) q.set('follow', '1');
  else if (v.firstParent) q.set('fp', '1');
  if (v.rev) q.set('rev', v.rev);
  if (v.selected) q.set('sel', v.selected);
  if (v.a) q.set('a', v.a);
  if (v.b) q.set('b', v.b);
  for (const [k, value] of Object.entries(v.filter)) if (value !== '') q.set(FILTER_PREFIX + k, value as string);
  return `#${q.toString()}`;
}

/** The view an address names; null when it names none. A malformed part (not a commit id, an unknown filter) is left out. */
export function viewFromHash(hash: string): ViewLocation | null {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const dir = q.get('dir');
  const path = q.get('path');
  if (!dir || !path) return null;
  const oid = (k: string) => {
    const v = q.get(k);
    return v && OID.test(v) ? v : null;
  };
  const fields: Record<string, string> = {};
  for (const [k, v] of q) if (k.startsWith(FILTER_PREFIX)) fields[k.slice(FILTER_PREFIX.length)] = v;
  // one bad clause (a hand-edited address) drops the filter, not the file
  const parsed = Object.keys(fields).length > 0 ? timelineFilterSchema.safeParse(fields) : null;
  const filter = parsed?.success ? toTimelineFilter(parsed.data) : EMPTY_FILTER;
  const rev = q.get('rev');
  return {
    dir,
    path,
    follow: q.get('follow') === '1',
    ...(q.get('fp') === '1' && q.get('follow') !== '1' ? { firstParent: true } : {}),
    // one revision, or a range A..B (a timeline of the range, reopened as it was)
    rev: rev && rev.length <= 256 && (isValidRevision(rev) || revisionRange(rev) !== null) ? rev : null,
    selected: oid('sel'),
    a: oid('a'),
    b: oid('b'),
    filter,
  };
}
