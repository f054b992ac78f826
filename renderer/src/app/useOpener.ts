import { useCallback, useRef, useState } from 'react';
import type { StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Progress, Timeline, TimelinePartial } from '../../../shared/model';
import { errorOf } from '../client/messageClient';
import type { CloneRequest, OpenRequest } from './openRequests';

export type Screen =
  /** `focus: 'path'` after a folder was picked from the menu: the file path is what is left to give (`at` remounts the form). */
  | { readonly kind: 'start'; readonly focus?: 'path'; readonly at?: number }
  | { readonly kind: 'busy'; readonly title: string; readonly jobId: string; readonly startedAt: number }
  /**
   * `counting`: the list is out and these commits' +/- counts are still being computed (by job `jobId`);
   * `walking`: the list so far of a walk still going (`visited` of `total` commits taken).
   */
  | {
      readonly kind: 'timeline';
      readonly timeline: Timeline;
      readonly counting?: ReadonlySet<string>;
      readonly jobId?: string;
      readonly walking?: WalkingState;
    };

export interface WalkingState {
  readonly visited: number;
  readonly total: number;
}

type TimelineScreenState = Extract<Screen, { kind: 'timeline' }>;

/** Counts that arrived, in their entries; the commits still being counted are the rest. */
function withCounts(s: TimelineScreenState, counts: Extract<TimelinePartial, { kind: 'counts' }>['counts']): TimelineScreenState {
  const byOid = new Map(counts.map((c) => [c[0], c]));
  const counting = new Set(s.counting);
  for (const c of counts) counting.delete(c[0]);
  const entries = s.timeline.entries.map((e) => {
    const c = byOid.get(e.oid);
    return c ? { ...e, additions: c[1], deletions: c[2], ...(c[3] ? { absent: true as const } : {}) } : e;
  });
  return { ...s, timeline: { ...s.timeline, entries }, counting };
}

/** The bodies an 'entries' partial left out (bodiesFollow), put in. */
function withBodies(s: TimelineScreenState, bodies: Extract<TimelinePartial, { kind: 'bodies' }>['bodies']): TimelineScreenState {
  const byOid = new Map(bodies);
  const entries = s.timeline.entries.map((e) => {
    const body = e.body === '' ? byOid.get(e.oid) : undefined;
    return body === undefined ? e : { ...e, body };
  });
  return { ...s, timeline: { ...s.timeline, entries } };
}

/** A walk's next commits found, after those shown (a part that does not go on from them is not this walk's). */
function withFound(s: Screen, part: Extract<TimelinePartial, { kind: 'walking' }>, jobId: string): Screen {
  const walking = { visited: part.visited, total: part.total };
  const found = part.timeline.entries;
  if (part.from === 0) return { kind: 'timeline', timeline: part.timeline, counting: new Set(found.map((e) => e.oid)), jobId, walking };
  if (s.kind !== 'timeline' || s.jobId !== jobId || !s.walking || s.timeline.entries.length !== part.from) return s;
  const counting = new Set(s.counting);
  for (const e of found) counting.add(e.oid);
  return { ...s, timeline: { ...part.timeline, entries: [...s.timeline.entries, ...found] }, counting, walking };
}

/**
 * Which screen is shown and the jobs that lead from the start screen to a timeline: index a file, open the sample,
 * clone. A failure goes back to the start screen with the error, keeping what was asked so the form and the
 * banner can offer it again.
 */
export function useOpener(client: StrataClient, opening?: OpenRequest | null) {
  // an address that names a file starts on the busy screen its open shows next: the start screen is not drawn first
  const [screen, setScreen] = useState<Screen>(() =>
    opening ? { kind: 'busy', title: `Indexing ${opening.path}`, jobId: '', startedAt: Date.now() } : { kind: 'start' },
  );
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [lastOpen, setLastOpen] = useState<OpenRequest | null>(null);
  const [lastClone, setLastClone] = useState<CloneRequest | null>(null);

  // Progress is shown for the latest job only: a job that failed or was replaced can neither leave its last step on
  // the next busy screen ("Connecting · step 1" after a failed clone) nor report into it late.
  const latestJob = useRef(0);
  const progressFor = useCallback(() => {
    const job = ++latestJob.current;
    setProgress(null);
    return (p: Progress) => {
      if (latestJob.current === job) setProgress(p);
    };
  }, []);

  const fail = useCallback((e: unknown) => {
    latestJob.current++;
    setProgress(null);
    setError(errorOf(e));
    setScreen({ kind: 'start' });
  }, []);

  // the job whose list is on screen while its counts are computed: a new open or going back cancels it
  const countingJob = useRef<string | null>(null);
  const stopCounting = useCallback(() => {
    if (countingJob.current) void client.call('cancel', { jobId: countingJob.current }).result.catch(() => undefined);
    countingJob.current = null;
  }, [client]);

  const open = useCallback(
    async (r: OpenRequest) => {
      stopCounting();
      setLastOpen(r);
      setError(null);
      const onProgress = progressFor();
      const mine = latestJob.current;
      const job = client.call(
        'indexFile',
        { dir: r.dir, path: r.path, follow: r.follow, ...(r.rev ? { rev: r.rev } : {}), ...(r.firstParent ? { firstParent: true } : {}) },
        onProgress,
        (part) => {
          if (latestJob.current !== mine) return;
          if (part.kind === 'walking') {
            countingJob.current = job.jobId;
            setScreen((s) => withFound(s, part, job.jobId));
          } else if (part.kind === 'entries') {
            countingJob.current = job.jobId;
            setScreen({ kind: 'timeline', timeline: part.timeline, counting: new Set(part.counting), jobId: job.jobId });
          } else if (part.kind === 'bodies')
            setScreen((s) => (s.kind === 'timeline' && s.jobId === job.jobId ? withBodies(s, part.bodies) : s));
          else setScreen((s) => (s.kind === 'timeline' && s.jobId === job.jobId && s.counting ? withCounts(s, part.counts) : s));
        },
      );
      setScreen({ kind: 'busy', title: `Indexing ${r.path}${r.rev ? ` at ${r.rev}` : ''}`, jobId: job.jobId, startedAt: Date.now() });
      try {
        const timeline = await job.result;
        if (latestJob.current !== mine) return; // replaced by another open, or left for the start screen
        if (countingJob.current === job.jobId) countingJob.current = null;
        setScreen({ kind: 'timeline', timeline });
      } catch (e) {
        if (latestJob.current !== mine) return;
        if (countingJob.current === job.jobId) countingJob.current = null;
        fail(e);
      }
    },
    [client, fail, progressFor, stopCounting],
  );

  const openSample = useCallback(async () => {
    setError(null);
    const job = client.call('openSample', {}, progressFor());
    setScreen({ kind: 'busy', title: 'Preparing the sample repository', jobId: job.jobId, startedAt: Date.now() });
    try {
      const r = await job.result;
      await open({ dir: r.repo.dir, path: r.path, follow: false });
    } catch (e) {
      fail(e);
    }
  }, [client, open, fail, progressFor]);

  const clone = useCallback(
    async (r: CloneRequest) => {
      setLastClone(r);
      setError(null);
      const params = {
        url: r.url,
        ...(r.depth ? { depth: r.depth } : {}),
        ...(r.since ? { since: r.since } : {}),
        ...(r.resumable === false ? { resumable: false } : {}),
      };
      const job = client.call('cloneRepository', params, progressFor());
      setScreen({ kind: 'busy', title: `Cloning ${r.url}`, jobId: job.jobId, startedAt: Date.now() });
      try {
        const repo = await job.result;
        await open({ dir: repo.dir, path: r.path, follow: false });
      } catch (e) {
        fail(e);
      }
    },
    [client, open, fail, progressFor],
  );

  /** The start screen's local form with a folder filled in (picked in the system's dialog) and the file path to give. */
  const askPathIn = useCallback((dir: string) => {
    setLastOpen((last) => ({ dir, path: last?.path ?? 'mm/hmm.c', follow: false }));
    setScreen({ kind: 'start', focus: 'path', at: Date.now() });
  }, []);

  const cancel = useCallback(() => {
    if (screen.kind === 'busy' && screen.jobId) void client.call('cancel', { jobId: screen.jobId }).result;
  }, [client, screen]);

  return {
    screen,
    progress,
    error,
    setError,
    lastOpen,
    lastClone,
    open,
    openSample,
    clone,
    askPathIn,
    cancel,
    showStart: () => {
      latestJob.current++; // an open still counting is not brought back when it ends
      stopCounting();
      setProgress(null);
      setScreen({ kind: 'start' });
    },
  };
}
