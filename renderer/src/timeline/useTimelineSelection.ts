import { useCallback, useEffect, useMemo, useState, useDeferredValue } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { Timeline, TimelineEntry } from '../../../shared/model';
import { useApiQuery } from '../client/useApiQuery';
import { timelineKeyOf } from '../../../shared/timelineKey';
import { definitionRegex } from '../../../shared/lineLog';
import {
  EMPTY_FILTER,
  filterEntries,
  functionMatcher,
  markedEntries,
  mentionNeedle,
  parseLineRange,
  pickaxeOf,
  type DiscussionFilterFacts,
  type TimelineFilter,
} from '../../../shared/timelineFilter';
import type { TimelineFacts } from './useTimelineFacts';

/** Which commits are shown (the filter), which one is selected, and the two picked as A and B. */
export interface TimelineSelection {
  readonly filter: TimelineFilter;
  setFilter(f: TimelineFilter): void;
  /** The entries the filter lets through, newest first. */
  readonly visible: readonly TimelineEntry[];
  readonly byOid: ReadonlyMap<string, TimelineEntry>;
  readonly selected: string | null;
  /** The list does not show the filter typed yet (it follows as soon as it can). */
  readonly filtering: boolean;
  /** Counts the user's moves of the selection: a view that follows it late still sees a move away and back. */
  readonly moves: number;
  readonly current: TimelineEntry | null;
  readonly pickA: string | null;
  readonly pickB: string | null;
  /** The two picked, ordered: `a` is the older of them, whichever was picked as A. */
  readonly a: TimelineEntry | undefined;
  readonly b: TimelineEntry | undefined;
  /** The commit picked as A is the newer one: `a` and `b` are the picks swapped. */
  readonly swapped: boolean;
  /** While A and B are compared, selecting (a click, j/k) moves B: the diff and the details show the same commit. */
  select(oid: string): void;
  /** Select a commit from elsewhere (a link, the ledger): the filter is cleared if it hides it, A and B too. */
  jump(oid: string): void;
  /** Move the selection through the shown entries (clamped at both ends). */
  move(by: number): void;
  /** With the search marking (filter.mark): the shown commits it matches, newest first; null otherwise. */
  readonly marked: ReadonlySet<string> | null;
  /** To the next (older) or previous (newer) marked commit, wrapping around at either end as less and vim do. */
  moveToMark(direction: 'next' | 'previous'): void;
  /** The selected commit (or the one given) becomes A or B; picking B selects it. */
  pick(which: 'a' | 'b', oid?: string): void;
  clearPicks(): void;
  /** Back to the commit selected before the last jump, or forward again. */
  go(direction: 'back' | 'forward'): void;
  readonly canGo: { readonly back: boolean; readonly forward: boolean };
  /** Only the commits that changed a function, the newest of them selected. */
  showFunction(fn: string): void;
  /**
   * With a function's or lines' history on screen (git log -L): per commit, the line of the commit's version where
   * the tracked lines start (the diff opens at its first change from there, not at the commit's first change).
   */
  readonly trackedStarts: ReadonlyMap<string, number> | null;
  /**
   * The function filter's commits: `git log -L :fn:path` at the timeline's head ('lines'); for a function no
   * longer in the file, the commits whose diff touched a function of that name ('touched'); null while read.
   */
  readonly functionHistory: {
    readonly fn: string;
    readonly source: 'lines' | 'touched';
    readonly count: number;
    /** The regex of `git log -L :REGEX:path` the lines come from, where it is not the name (definitionRegex). */
    readonly regex?: string;
    /** Why the name alone would not do: git's first function line for it is a declaration, or another function's. */
    readonly took?: 'declaration' | 'otherName';
  } | null;
  /** "Discussion mentions" is being searched in the threads' messages. */
  readonly searchingThreads: boolean;
  /** The search's -S"text" commits are being found. */
  readonly searchingPickaxe: boolean;
}

/**
 * The file's path at a commit (it differs across a followed rename): the list's entry for it, or, for the parent of
 * an entry (the older side of a diff), the path the entry came from.
 */
function byOidPath(entries: readonly TimelineEntry[], oid: string): string | undefined {
  const own = entries.find((e) => e.oid === oid);
  if (own) return own.path;
  const child = entries.find((e) => e.parents[0] === oid) ?? entries.find((e) => e.parents.includes(oid));
  return child ? (child.parents[0] === oid ? (child.oldPath ?? child.path) : child.path) : undefined;
}

/** Where a timeline starts: what the address names, each commit only if the timeline has it. */
export interface InitialView {
  readonly selected: string | null;
  readonly a: string | null;
  readonly b: string | null;
  readonly filter: TimelineFilter;
}

export function useTimelineSelection(
  client: StrataClient,
  timeline: Timeline,
  facts: TimelineFacts,
  initial: InitialView | null = null,
): TimelineSelection {
  const { entries } = timeline;
  const known = (oid: string | null | undefined) => (oid && entries.some((e) => e.oid === oid) ? oid : null);
  const [filter, setFilter] = useState<TimelineFilter>(() => initial?.filter ?? EMPTY_FILTER);
  const [chosen, setSelected] = useState<string | null>(() => known(initial?.selected) ?? entries[0]?.oid ?? null);
  const [pickA, setPickA] = useState<string | null>(() => known(initial?.a));
  const [moves, setMoves] = useState(0);
  const [pickB, setPickB] = useState<string | null>(() => known(initial?.b));
  // a list shown as the walk goes may have the address's commits only later: each is taken when it comes, the
  // selection only while it is still the stand-in chosen at the start (the user has not moved)
  const [waiting] = useState(() => ({
    selected: known(initial?.selected) ? null : (initial?.selected ?? null),
    standIn: chosen,
    a: known(initial?.a) ? null : (initial?.a ?? null),
    b: known(initial?.b) ? null : (initial?.b ?? null),
  }));
  useEffect(() => {
    const w = waiting;
    if (w.selected === null && w.a === null && w.b === null) return;
    const has = (oid: string | null): oid is string => oid !== null && entries.some((e) => e.oid === oid);
    if (has(w.selected)) {
      if (chosen === w.standIn) setSelected(w.selected);
      w.selected = null;
    }
    if (has(w.a)) {
      setPickA(w.a);
      w.a = null;
    }
    if (has(w.b)) {
      setPickB(w.b);
      w.b = null;
    }
  }, [entries, chosen, waiting]);
  // back and forward through jumps (Fixes, ledger, functions): Alt+Left / Alt+Right
  const [history, setHistory] = useState<{ back: readonly string[]; forward: readonly string[] }>({ back: [], forward: [] });
  const { releases, functions, functionNames } = facts;
  // git log -L follows a function the file has by that exact name; a part of a name finds every function containing it
  const exactFn = filter.fn !== '' && functionNames.includes(filter.fn);

  // a function's history is git log -L's: the commits through which its lines came, merges and renames followed
  // (on the first-parent line, git log -L --first-parent's: a merge that brought changes of the lines is kept)
  const firstParent = timeline.firstParent ? { firstParent: true } : {};
  const fnKey = (funcname: string) => ({
    dir: timeline.repo.dir,
    path: timeline.path,
    ...(timeline.head ? { rev: timeline.head } : {}),
    funcname,
    ...firstParent,
  });
  const nameHistory = useApiQuery(client, 'lineHistory', exactFn ? fnKey(filter.fn) : null);
  // where git's rule for the file takes a declaration first (a prototype before the definition), or a line of
  // another function whose name has this one inside it, the function's own history is that of its first function
  // line with the name as a name and no declaration
  const took: 'declaration' | 'otherName' | null = nameHistory.value?.declaration
    ? 'declaration'
    : nameHistory.value?.otherName
      ? 'otherName'
      : null;
  const definitionHistory = useApiQuery(client, 'lineHistory', exactFn && took ? fnKey(definitionRegex(filter.fn)) : null);
  const lineHistory = took ? definitionHistory : nameHistory;
  const fnSets = useMemo((): { sets: Readonly<Record<string, readonly string[]>>; source: 'lines' | 'touched' } | null => {
    if (!exactFn) return filter.fn && !functions ? null : { sets: functions ?? {}, source: 'touched' };
    if (lineHistory.value) return { sets: Object.fromEntries(lineHistory.value.commits.map((c) => [c.oid, [filter.fn]])), source: 'lines' };
    return lineHistory.loading || nameHistory.loading || !functions ? null : { sets: functions, source: 'touched' };
  }, [exactFn, filter.fn, lineHistory.value, lineHistory.loading, nameHistory.loading, functions]);
  // "history of these lines": git log -L A,B at the timeline's head, or at the version the lines were picked in
  const range = parseLineRange(filter.lines);
  const rangeRev = range?.at ?? timeline.head;
  const rangeHistory = useApiQuery(
    client,
    'lineHistory',
    range
      ? {
          dir: timeline.repo.dir,
          path: range.at ? (byOidPath(entries, range.at) ?? timeline.path) : timeline.path,
          ...(rangeRev ? { rev: rangeRev } : {}),
          lines: { start: range.start, end: range.end },
          ...firstParent,
        }
      : null,
  );
  const lineCommits = useMemo(
    () => (filter.lines && rangeHistory.value ? new Set(rangeHistory.value.commits.map((c) => c.oid)) : null),
    [filter.lines, rangeHistory.value],
  );
  const tracked = filter.lines ? rangeHistory.value : exactFn ? lineHistory.value : null;
  const trackedStarts = useMemo(() => {
    if (!tracked) return null;
    const starts = new Map<string, number>();
    for (const c of tracked.commits) {
      const hunk = c.diffs[0]?.hunks[0];
      if (hunk) starts.set(c.oid, hunk.newStart);
    }
    return starts;
  }, [tracked]);
  // "discussion mentions X": main reads the linked threads' bodies and answers the commits whose thread says X
  const needle = mentionNeedle(filter);
  const mentions = useApiQuery(
    client,
    'discussionMentions',
    needle ? { dir: timeline.repo.dir, path: timeline.path, follow: timeline.follow, text: needle } : null,
    { delayMs: 250, generation: facts.archivesGeneration },
  );
  const discussionFacts = useMemo(
    (): DiscussionFilterFacts => ({ replies: facts.replies, mentioning: mentions.value ? new Set(mentions.value) : null }),
    [facts.replies, mentions.value],
  );
  const searchingThreads = Boolean(needle) && mentions.loading;
  // -S"text" or -G"regex" in the search: main reads the versions (kept for the next string) and answers git log -S's or -G's commits
  const asked = pickaxeOf(filter.text);
  const pickaxe = useApiQuery(
    client,
    'pickaxe',
    asked ? { ...timelineKeyOf(timeline), text: asked.text, ...(asked.regex ? { regex: true } : {}), ...firstParent } : null,
    { delayMs: 250 },
  );
  const pickaxeCommits = useMemo(() => (pickaxe.value ? new Set(pickaxe.value) : null), [pickaxe.value]);
  // typing in the filter bar stays at the speed of typing: the list, axis and chart follow as soon as they can,
  // and a keystroke that comes before they have drops their stale render
  const shownFilter = useDeferredValue(filter);
  const visible = useMemo(
    () => filterEntries(entries, shownFilter, releases, fnSets?.sets ?? {}, discussionFacts, lineCommits, pickaxeCommits),
    [entries, shownFilter, releases, fnSets, discussionFacts, lineCommits, pickaxeCommits],
  );
  const markedList = useMemo(() => markedEntries(visible, shownFilter, pickaxeCommits), [visible, shownFilter, pickaxeCommits]);
  const marked = useMemo(() => (markedList ? new Set(markedList.map((e) => e.oid)) : null), [markedList]);
  const functionHistory = useMemo(
    () =>
      filter.fn && fnSets
        ? {
            fn: filter.fn,
            source: fnSets.source,
            count: Object.values(fnSets.sets).filter(functionMatcher(fnSets.sets, filter.fn)).length,
            ...(fnSets.source === 'lines' && took ? { regex: definitionRegex(filter.fn), took } : {}),
          }
        : null,
    [filter.fn, fnSets, took],
  );
  const byOid = useMemo(() => new Map(entries.map((e) => [e.oid, e])), [entries]);
  const order = useMemo(() => new Map(entries.map((e, i) => [e.oid, i])), [entries]);
  // entries are newest first: the larger index is the older commit, which is A
  const swapped = pickA !== null && pickB !== null && (order.get(pickA) ?? 0) < (order.get(pickB) ?? 0);
  const [older, newer] = swapped ? [pickB, pickA] : [pickA, pickB];
  // the selection follows the filter: a commit it hides is never shown; the first one shown stands in for it
  const selected = useMemo(
    () => (chosen !== null && visible.some((e) => e.oid === chosen) ? chosen : (visible[0]?.oid ?? null)),
    [chosen, visible],
  );
  // ...and stays selected when the filter changes again (an empty list keeps the choice)
  useEffect(() => {
    if (selected !== null && selected !== chosen) setSelected(selected);
  }, [selected, chosen]);

  const jump = useCallback(
    (oid: string) => {
      if (!byOid.has(oid)) return;
      if (!visible.some((e) => e.oid === oid)) setFilter(EMPTY_FILTER);
      if (selected && selected !== oid) setHistory((h) => ({ back: [...h.back, selected], forward: [] }));
      setSelected(oid);
      setMoves((m) => m + 1);
      setPickA(null);
      setPickB(null);
    },
    [byOid, visible, selected],
  );

  const go = useCallback(
    (direction: 'back' | 'forward') => {
      const from = direction === 'back' ? history.back : history.forward;
      const to = from[from.length - 1];
      if (!to || !selected) return;
      setHistory(
        direction === 'back'
          ? { back: history.back.slice(0, -1), forward: [...history.forward, selected] }
          : { back: [...history.back, selected], forward: history.forward.slice(0, -1) },
      );
      if (!visible.some((e) => e.oid === to)) setFilter(EMPTY_FILTER);
      setSelected(to);
      setMoves((m) => m + 1);
    },
    [history, selected, visible],
  );

  const comparing = pickA !== null && pickB !== null;
  const select = useCallback(
    (oid: string) => {
      setSelected(oid);
      setMoves((m) => m + 1);
      if (comparing) setPickB(oid);
    },
    [comparing],
  );

  const move = useCallback(
    (by: number) => {
      const i = visible.findIndex((e) => e.oid === selected);
      const next = visible[Math.max(0, Math.min(visible.length - 1, (i < 0 ? 0 : i) + by))];
      if (next) select(next.oid);
    },
    [visible, selected, select],
  );

  const moveToMark = useCallback(
    (direction: 'next' | 'previous') => {
      if (!markedList?.length) return;
      const at = visible.findIndex((e) => e.oid === selected);
      const step = direction === 'next' ? 1 : -1;
      for (let k = 1; k <= visible.length; k++) {
        const e = visible[(((at + step * k) % visible.length) + visible.length) % visible.length]!;
        if (marked!.has(e.oid)) return select(e.oid);
      }
    },
    [markedList, marked, visible, selected, select],
  );

  const pick = useCallback(
    (which: 'a' | 'b', oid?: string) => {
      const target = oid ?? selected;
      if (!target) return;
      if (which === 'a') {
        setPickA(target);
        if (pickB) setSelected(pickB);
      } else {
        setPickB(target);
        setSelected(target);
      }
    },
    [selected, pickB],
  );

  const clearPicks = useCallback(() => {
    setPickA(null);
    setPickB(null);
  }, []);

  const showFunction = useCallback(
    (fn: string) => {
      setFilter({ ...EMPTY_FILTER, fn });
      const newest = entries.find((e) => (functions?.[e.oid] ?? []).includes(fn));
      if (newest) setSelected(newest.oid);
    },
    [entries, functions],
  );

  return useMemo(
    () => ({
      filter,
      setFilter,
      visible,
      byOid,
      selected,
      moves,
      filtering: filter !== shownFilter,
      pickA,
      pickB,
      current: selected ? (byOid.get(selected) ?? null) : null,
      a: older ? byOid.get(older) : undefined,
      b: newer ? byOid.get(newer) : undefined,
      swapped,
      select,
      jump,
      move,
      marked,
      moveToMark,
      pick,
      clearPicks,
      go,
      canGo: { back: history.back.length > 0, forward: history.forward.length > 0 },
      showFunction,
      functionHistory,
      trackedStarts,
      searchingThreads,
      searchingPickaxe: pickaxe.loading,
    }),
    [
      filter,
      visible,
      byOid,
      selected,
      moves,
      shownFilter,
      pickA,
      pickB,
      older,
      newer,
      swapped,
      select,
      jump,
      move,
      marked,
      moveToMark,
      pick,
      clearPicks,
      go,
      history,
      showFunction,
      functionHistory,
      trackedStarts,
      searchingThreads,
      pickaxe.loading,
    ],
  );
}
