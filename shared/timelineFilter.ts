import { z } from 'zod';
import type { Person, TimelineEntry } from './model';
import { compareVersionTags } from './versionOrder';

/**
 * The one filter over a timeline: the screen's filter bar and the report apply this same function, so
 * a report of "the filtered timeline" lists exactly the commits the screen shows.
 */
export interface TimelineFilter {
  /** In the author's name or email, any case. */
  readonly author: string;
  /** The search box (parseSearch): words in the commit id, subject or body, any case, and field:value clauses. */
  readonly text: string;
  /** Author dates, YYYY-MM-DD, both ends included. */
  readonly from: string;
  readonly to: string;
  /** The first release containing the commit lies in this range (version order, both ends included). */
  readonly tagFrom: string;
  readonly tagTo: string;
  /** Only commits that changed a C function of this name, or whose name contains it (functionMatches). */
  readonly fn: string;
  /** 'yes': only commits whose patch has a review thread in the attached archives. */
  readonly discussed: '' | 'yes';
  /** Only commits whose review thread's messages (subjects, authors, text) contain this, any case. */
  readonly mentions: string;
  /**
   * `A,B`: only the commits `git log -L A,B:path` lists for these lines (1-based, inclusive) of the file at the
   * timeline's head: the commits through which those lines came. `A,B@<commit id>`: lines of that commit's version.
   */
  readonly lines: string;
  /**
   * 'yes': the search box (its words, clauses and `-S`) marks the commits it matches instead of hiding the rest, as
   * gitk's find and tig's search do; n / N step from one marked commit to the next. The other fields still filter.
   */
  readonly mark: '' | 'yes';
}

export const EMPTY_FILTER: TimelineFilter = {
  author: '',
  text: '',
  from: '',
  to: '',
  tagFrom: '',
  tagTo: '',
  fn: '',
  discussed: '',
  mentions: '',
  lines: '',
  mark: '',
};

/**
 * What the discussion clauses need: the commits that have a thread (with its number of replies), and the
 * commits whose thread mentions the filter's text (null while it is being searched: then nothing passes).
 */
export interface DiscussionFilterFacts {
  readonly replies: Readonly<Record<string, number>>;
  readonly mentioning: ReadonlySet<string> | null;
}

export const NO_DISCUSSIONS: DiscussionFilterFacts = { replies: {}, mentioning: null };

/** The commits a thread search found, as the filter's facts (the search is main/archive/searchDiscussions.ts). */
export function discussionFilterFacts(
  entries: readonly { readonly oid: string; readonly discussion: { readonly replies: number } | null }[],
  mentioning: readonly string[] | null,
): DiscussionFilterFacts {
  const replies: Record<string, number> = {};
  for (const e of entries) if (e.discussion) replies[e.oid] = e.discussion.replies;
  return { replies, mentioning: mentioning ? new Set(mentioning) : null };
}

/** The text a "discussion mentions" search looks for, as the filter and the search both compare it. */
export function mentionNeedle(f: TimelineFilter): string {
  return f.mentions.trim().toLowerCase();
}

const field = z.string().max(200);

/** What an author search looks in: the name and email shown, and what the commit says where the mailmap renamed them. */
function personText(p: Person): string {
  let text = personTexts.get(p);
  if (text === undefined) personTexts.set(p, (text = `${p.name} ${p.email}${p.as ? ` ${p.as.name} ${p.as.email}` : ''}`.toLowerCase()));
  return text;
}

/**
 * What searches look in, lower-cased once per entry and person (each keystroke searches every entry again: at 10,000
 * entries, lower-casing their messages again was most of a keystroke). Entries and people are never changed in place.
 */
const personTexts = new WeakMap<Person, string>();
const entryTexts = new WeakMap<TimelineEntry, string>();

/** The commit id, a space, then the message (subject, newline, body), lower case. */
function entryText(e: TimelineEntry): string {
  let text = entryTexts.get(e);
  if (text === undefined) entryTexts.set(e, (text = `${e.oid} ${e.subject}\n${e.body}`.toLowerCase()));
  return text;
}

/**
 * The `lines` field's range — `A,B` (lines of the file at the timeline's head) or `A,B@<commit id>` (of the file at
 * that commit, as the Blame tab asks) — or null when it is empty or not that with 1 <= A <= B.
 */
export function parseLineRange(lines: string): { readonly start: number; readonly end: number; readonly at?: string } | null {
  const m = /^\s*(\d{1,9})\s*,\s*(\d{1,9})\s*(?:@([0-9a-f]{40}))?\s*$/.exec(lines);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start < 1 || end < start) return null;
  return m[3] ? { start, end, at: m[3] } : { start, end };
}

export const timelineFilterSchema = z
  .object({
    author: field,
    text: field,
    from: field,
    to: field,
    tagFrom: field,
    tagTo: field,
    fn: field,
    discussed: z.enum(['', 'yes']),
    mentions: field,
    lines: z.string().refine((v) => v === '' || parseLineRange(v) !== null, 'lines: A,B with 1 <= A <= B'),
    mark: z.enum(['', 'yes']),
  })
  .partial()
  .strict();

export type TimelineFilterInput = z.infer<typeof timelineFilterSchema>;

export function toTimelineFilter(f: TimelineFilterInput | undefined): TimelineFilter {
  return { ...EMPTY_FILTER, ...Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => v !== undefined)) };
}

/** What the filter needs besides the entries: the first release of each commit, the functions it changed. */
export function filterNeeds(f: TimelineFilter): {
  releases: boolean;
  functions: boolean;
  discussions: boolean;
  mentions: boolean;
  lines: boolean;
  pickaxe: boolean;
} {
  return {
    pickaxe: pickaxeOf(f.text) !== null,
    lines: parseLineRange(f.lines) !== null,
    releases: Boolean(f.tagFrom || f.tagTo),
    functions: Boolean(f.fn),
    discussions: f.discussed === 'yes' || Boolean(mentionNeedle(f)),
    mentions: Boolean(mentionNeedle(f)),
  };
}

/** One term of the search box: free text (id, subject, body) or a `field:value` clause. */
export interface SearchTerm {
  readonly field: 'text' | 'author' | 'committer' | 'message' | 'path' | 'fixes' | 'trailer';
  /** Lower case. For trailer: `name` or `name=value`. */
  readonly value: string;
}

const FIELDS = new Set(['author', 'committer', 'message', 'path', 'fixes', 'trailer']);

/** git's pickaxe in the search box: `-S"text"` or `-G"regex"` (or unquoted); the last one counts (git takes one). Case is kept. */
const PICKAXE = /(^|\s)-([SG])(?:"([^"]*)"?|(\S+))/g;

/**
 * The search box's pickaxe, or null: `-S` (git log -S: commits where the number of occurrences of `text` in the
 * file changes) or `-G` (`regex`: git log -G, commits whose diff adds or removes a line matching the POSIX
 * extended regular expression).
 */
export function pickaxeOf(text: string): { readonly text: string; readonly regex: boolean } | null {
  let found: { text: string; regex: boolean } | null = null;
  for (const m of text.matchAll(PICKAXE)) found = { text: m[3] ?? m[4] ?? '', regex: m[2] === 'G' };
  return found?.text ? found : null;
}

/**
 * The search box's syntax: words and "quoted phrases" are looked for in the id, subject and body (all must be
 * found); `author:`, `committer:` (who applied it, as git log --committer), `message:`, `path:` (the file's path at
 * that commit), `fixes:` (a Fixes: trailer naming that
 * id or subject text) and `trailer:Name` or `trailer:Name=value` narrow further. Values may be quoted. A `-S"text"`
 * or `-G"regex"` pickaxe (pickaxeOf) is not a term: the commits it finds come from the repository (filterEntries' pickaxeCommits).
 */
export function parseSearch(text: string): SearchTerm[] {
  const out: SearchTerm[] = [];
  for (const m of text.replace(PICKAXE, '$1').matchAll(/(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/gi)) {
    const name = m[1]?.toLowerCase();
    const value = (m[2] ?? m[3] ?? '').trim().toLowerCase();
    if (name && FIELDS.has(name)) {
      if (value) out.push({ field: name as SearchTerm['field'], value });
    } else {
      const whole = (name ? `${m[1]}:` : '') + value;
      if (whole.trim()) out.push({ field: 'text', value: whole.trim().toLowerCase() });
    }
  }
  return out;
}

/** Trailer lines of a message body (`Name: value`), names in lower case. */
function trailerLines(body: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const m of body.matchAll(/^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$/gm))
    out.push({ name: m[1]!.toLowerCase(), value: m[2]!.toLowerCase() });
  return out;
}

function termMatches(e: TimelineEntry, t: SearchTerm): boolean {
  switch (t.field) {
    case 'text':
      return entryText(e).includes(t.value);
    case 'message':
      // (from past the id and its space: a match must start in the message)
      return entryText(e).indexOf(t.value, e.oid.length + 1) >= 0;
    case 'author':
      return personText(e.author).includes(t.value);
    case 'committer':
      return personText(e.committer).includes(t.value);
    case 'path':
      return e.path.toLowerCase().includes(t.value);
    case 'fixes':
      return trailerLines(e.body).some((l) => l.name === 'fixes' && l.value.includes(t.value));
    case 'trailer': {
      const eq = t.value.indexOf('=');
      const name = eq < 0 ? t.value : t.value.slice(0, eq);
      const value = eq < 0 ? '' : t.value.slice(eq + 1);
      return trailerLines(e.body).some((l) => l.name === name && l.value.includes(value));
    }
  }
}

/**
 * The function filter's test on one commit's changed functions: the name typed, exactly, when some commit changed a
 * function of that name; otherwise every function whose name contains it, any case (`hmm_range` finds hmm_range_fault).
 */
export function functionMatcher(
  functions: Readonly<Record<string, readonly string[]>>,
  query: string,
): (names: readonly string[]) => boolean {
  const q = query.trim();
  if (!q) return () => true;
  if (Object.values(functions).some((names) => names.includes(q))) return (names) => names.includes(q);
  const lower = q.toLowerCase();
  return (names) => names.some((n) => n.toLowerCase().includes(lower));
}

/** A reversed tag range: From is a later release than To (nothing can match). */
export function reversedTagRange(f: TimelineFilter): boolean {
  return Boolean(f.tagFrom && f.tagTo && compareVersionTags(f.tagFrom, f.tagTo) > 0);
}

/** Why a filter lets nothing through, in words the empty list shows. */
export function whyEmpty(f: TimelineFilter): string {
  if (reversedTagRange(f)) return `The tag range is reversed: ${f.tagFrom} comes after ${f.tagTo}.`;
  if (f.from && f.to && f.from > f.to) return `The date range is reversed: ${f.from} comes after ${f.to}.`;
  const clauses = describeFilter({ ...f, text: '' });
  const search = f.text.trim() && f.mark !== 'yes' ? `the search "${f.text.trim()}"` : '';
  if (clauses.length === 0) return search ? `No commit matches ${search}.` : 'No commit matches.';
  return `No commit matches ${search ? `${search} and ` : ''}the filter: ${clauses.join('; ')}.`;
}

export function filterEntries(
  entries: readonly TimelineEntry[],
  f: TimelineFilter,
  releases: Readonly<Record<string, string>>,
  functions: Readonly<Record<string, readonly string[]>> = {},
  discussions: DiscussionFilterFacts = NO_DISCUSSIONS,
  /** With a `lines` range: the commits `git log -L` lists for it (null while it is read: then nothing passes). */
  lineCommits: ReadonlySet<string> | null = null,
  /** With a `-S"text"` in the search: the commits `git log -S` lists (null while they are found: then nothing passes). */
  pickaxeCommits: ReadonlySet<string> | null = null,
): TimelineEntry[] {
  const byLines = parseLineRange(f.lines) !== null;
  const search = f.mark === 'yes' ? null : searchMatcher(f, pickaxeCommits);
  const mentions = mentionNeedle(f);
  const author = f.author.trim().toLowerCase();
  const changedFn = functionMatcher(functions, f.fn);
  // whether a release is in the tag range, once per release (thousands of entries share a few dozen)
  const inRange = new Map<string, boolean>();
  return entries.filter((e) => {
    if (author && !personText(e.author).includes(author)) return false;
    if (search && !search(e)) return false;
    const date = e.author.date.slice(0, 10);
    if (f.from && date < f.from) return false;
    if (f.to && date > f.to) return false;
    if (!changedFn(functions[e.oid] ?? [])) return false;
    if (f.discussed === 'yes' && discussions.replies[e.oid] === undefined) return false;
    if (mentions && !discussions.mentioning?.has(e.oid)) return false;
    if (byLines && !lineCommits?.has(e.oid)) return false;
    if (f.tagFrom || f.tagTo) {
      const rel = releases[e.oid];
      if (!rel) return false;
      let inside = inRange.get(rel);
      if (inside === undefined) {
        inside = !(f.tagFrom && compareVersionTags(rel, f.tagFrom) < 0) && !(f.tagTo && compareVersionTags(rel, f.tagTo) > 0);
        inRange.set(rel, inside);
      }
      if (!inside) return false;
    }
    return true;
  });
}

/**
 * The search box's test on one commit (its words and clauses all found, and `-S` naming it: pickaxeCommits, null
 * while they are found, lets none through), or null when the search box is empty.
 */
export function searchMatcher(
  f: TimelineFilter,
  pickaxeCommits: ReadonlySet<string> | null = null,
): ((e: TimelineEntry) => boolean) | null {
  const terms = parseSearch(f.text);
  const byPickaxe = pickaxeOf(f.text) !== null;
  if (!terms.length && !byPickaxe) return null;
  return (e) => terms.every((t) => termMatches(e, t)) && (!byPickaxe || pickaxeCommits?.has(e.oid) === true);
}

/** With the search marking (f.mark): the commits of `shown` it matches, in their order; null when nothing is marked. */
export function markedEntries(
  shown: readonly TimelineEntry[],
  f: TimelineFilter,
  pickaxeCommits: ReadonlySet<string> | null = null,
): TimelineEntry[] | null {
  const search = f.mark === 'yes' ? searchMatcher(f, pickaxeCommits) : null;
  return search ? shown.filter(search) : null;
}

export function isFilterActive(f: TimelineFilter): boolean {
  return Object.entries(f).some(([k, v]) => v !== '' && k !== 'mark');
}

/** The filter in words, one clause per set field (empty when nothing is filtered), as reports print it. */
export function describeFilter(f: TimelineFilter): string[] {
  const out: string[] = [];
  if (f.mark !== 'yes') out.push(...describeSearch(f));
  if (f.author.trim()) out.push(`author contains "${f.author.trim()}"`);
  if (f.from || f.to) out.push(`authored ${f.from ? `from ${f.from}` : ''}${f.from && f.to ? ' ' : ''}${f.to ? `to ${f.to}` : ''}`);
  if (f.tagFrom || f.tagTo) out.push(`first released in ${f.tagFrom || 'the first release'} … ${f.tagTo || 'the last release'}`);
  if (f.fn) out.push(`changed function ${f.fn}`);
  const range = parseLineRange(f.lines);
  if (range)
    out.push(
      `changed lines ${range.start}–${range.end}${range.at ? ` of the version at ${range.at.slice(0, 12)}` : ''} (git log -L ${range.start},${range.end})`,
    );
  if (f.discussed === 'yes') out.push('has a review thread');
  if (mentionNeedle(f)) out.push(`review thread mentions "${f.mentions.trim()}"`);
  return out;
}

/** The search box in words (an empty list for an empty box), as the filter's description and the marks' print it. */
export function describeSearch(f: TimelineFilter): string[] {
  const out: string[] = [];
  const words = f.text.replace(PICKAXE, '$1').trim();
  if (words) out.push(`id or message contains "${words}"`);
  const pickaxe = pickaxeOf(f.text);
  if (pickaxe?.regex) out.push(`adds or removes a line matching /${pickaxe.text}/ (git log -G)`);
  else if (pickaxe !== null) out.push(`changes the number of "${pickaxe.text}" in the file (git log -S)`);
  return out;
}
