import { useDeferredValue, useMemo, useRef } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { ExportLedger } from '../../../shared/ledger';
import type { Backports, Progress, Timeline } from '../../../shared/model';
import type { MessageFacts } from '../../../shared/trailers';
import { messageFactsOf } from './messageFactsOf';
import { timelineKeyOf } from '../../../shared/timelineKey';
import type { DiscussionEntry } from '../../../shared/discussion';
import { discussionFilterFacts } from '../../../shared/timelineFilter';
import { compareVersionTags } from '../../../shared/versionOrder';
import { useApiQuery, type Query } from '../client/useApiQuery';

/** What the screen knows about a timeline's commits beyond the entries: read once per timeline, shared by every view. */
export interface TimelineFacts {
  /** The first release containing each commit (empty until read). */
  readonly releases: Readonly<Record<string, string>>;
  /** The stable branches' backports of the timeline's commits (null until read). */
  readonly backports: Backports | null;
  /** Release names, oldest first. */
  readonly tagNames: readonly string[];
  /** The C functions each commit changed; null until read. */
  readonly functions: Readonly<Record<string, readonly string[]>> | null;
  /** Every function name that occurs, sorted. */
  readonly functionNames: readonly string[];
  readonly ledger: ExportLedger | null;
  readonly ledgerLoading: boolean;
  /** While the ledger and the functions are read: what was found so far, how far along, and a way to stop. */
  readonly ledgerWork: BackgroundWork<ExportLedger>;
  readonly functionsWork: BackgroundWork<Readonly<Record<string, readonly string[]>>>;
  /** Trailers, Fixes and upstream of each commit's message. */
  readonly messages: ReadonlyMap<string, MessageFacts>;
  /** Per commit the review thread its patch had, from the attached archives (null until read). */
  readonly discussions: readonly DiscussionEntry[] | null;
  readonly discussionsLoading: boolean;
  /** Replies in the thread of each commit that has one. */
  readonly replies: Readonly<Record<string, number>>;
  /** Counts the archives attached or fetched from this screen: what reads the archives asks again when it moves. */
  readonly archivesGeneration: number;
}

/** A background analysis under way: its partial result (null before the first), its progress, and its cancel. */
export interface BackgroundWork<T> {
  readonly soFar: T | null;
  readonly progress: Progress | null;
  readonly loading: boolean;
  cancel(): void;
}

function workOf<T>(q: Query<unknown, T>): BackgroundWork<T> {
  return { soFar: q.soFar, progress: q.progress, loading: q.loading, cancel: q.cancel };
}

const gatherSets = (soFar: Record<string, string[]> | null, part: Record<string, string[]>) => ({ ...soFar, ...part });
const latest = <T>(_: T | null, part: T) => part;

const NO_RELEASES: Readonly<Record<string, string>> = {};
const NO_ENTRIES: Timeline['entries'] = [];

export function useTimelineFacts(
  client: StrataClient,
  timeline: Timeline,
  onError: (e: ErrorInfo) => void,
  archivesGeneration = 0,
  /** False while the list is out and its counts are still computed: what reads the index waits for it to be saved. */
  complete = true,
): TimelineFacts {
  const timelineKey = useMemo(() => timelineKeyOf(timeline), [timeline]);
  const key = complete ? timelineKey : null;
  const releases = useApiQuery(client, 'findReleases', key, { onError, background: true }).value;
  // on the first-parent line, the merges' functions and export changes too (against their first parent)
  const lineKey = useMemo(() => (key && timeline.firstParent ? { ...key, firstParent: true } : key), [key, timeline.firstParent]);
  const functionsQuery = useApiQuery(client, 'changedFunctions', lineKey, { onError, gather: gatherSets, background: true });
  const functions = functionsQuery.value;
  const ledger = useApiQuery(client, 'exportLedger', lineKey, { onError, gather: latest<ExportLedger>, background: true });
  const ledgerWork = useMemo(() => workOf(ledger), [ledger.soFar, ledger.progress, ledger.loading]); // eslint-disable-line react-hooks/exhaustive-deps
  const functionsWork = useMemo(
    () => workOf(functionsQuery),
    [functionsQuery.soFar, functionsQuery.progress, functionsQuery.loading], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const discussions = useApiQuery(client, 'discussion', key, {
    keepPrevious: true,
    onError,
    generation: archivesGeneration,
    background: true,
  });
  // asked last: badges only, and the jobs above are what the tabs and filters wait for
  const backports = useApiQuery(client, 'findBackports', key, { onError, background: true }).value;
  // then blame's diffs, in the background: a failure here only means the Blame tab diffs as it goes
  useApiQuery(client, 'prepareBlame', key, { background: true });
  const replies = useMemo(() => discussionFilterFacts(discussions.value ?? [], null).replies, [discussions.value]);
  // parsed after the list is drawn (they make only the Fixes and backport badges): a first open of vim's
  // src/version.c parsed 19,614 messages before its first row showed
  const lastMessages = useRef<ReadonlyMap<string, MessageFacts>>(new Map());
  const messageEntries = useDeferredValue(timeline.entries, NO_ENTRIES);
  const messages = useMemo(() => (lastMessages.current = messageFactsOf(messageEntries, lastMessages.current)), [messageEntries]);
  const tagNames = useMemo(() => [...new Set(Object.values(releases ?? {}))].sort(compareVersionTags), [releases]);
  const functionNames = useMemo(() => [...new Set(Object.values(functions ?? {}).flat())].sort(), [functions]);
  return useMemo(
    () => ({
      releases: releases ?? NO_RELEASES,
      backports,
      tagNames,
      functions,
      functionNames,
      ledger: ledger.value,
      ledgerLoading: ledger.loading,
      ledgerWork,
      functionsWork,
      messages,
      discussions: discussions.value,
      discussionsLoading: discussions.loading,
      replies,
      archivesGeneration,
    }),
    [
      releases,
      backports,
      tagNames,
      functions,
      functionNames,
      ledger.value,
      ledger.loading,
      ledgerWork,
      functionsWork,
      messages,
      discussions.value,
      discussions.loading,
      replies,
      archivesGeneration,
    ],
  );
}
