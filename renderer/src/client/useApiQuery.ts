import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import {
  isLongMethod as isLong,
  type ApiMethod,
  type ApiParams,
  type ApiPartial,
  type ApiResult,
  type StrataClient,
} from '../../../shared/api';
import type { Progress } from '../../../shared/model';
import type { ErrorInfo } from '../../../shared/errors';
import { errorOf } from './messageClient';

export interface Query<T, P = never> {
  /** The answer to the request asked for; with `keepPrevious`, the last answer until the next one arrives. */
  readonly value: T | null;
  /** The request asked for has neither been answered nor failed. */
  readonly loading: boolean;
  /** With `gather`: what the partial answers so far add up to, while the answer is awaited (else null). */
  readonly soFar: P | null;
  /** With `gather`: the job's last progress while the answer is awaited (else null). */
  readonly progress: Progress | null;
  /** Stops the job (the query then rests, failed, until its parameters change). */
  cancel(): void;
}

/** How often partial answers and progress re-render the screen, at most. */
const LIVE_MS = 250;

export interface QueryOptions {
  /** Told of a failure of the request asked for (answers to earlier requests are dropped, failures too). */
  readonly onError?: (e: ErrorInfo) => void;
  /** Wait this long before asking, so a quick run of changes (holding j) asks once. */
  readonly delayMs?: number;
  /** Keep showing the previous answer while the next is read (the diff dims it rather than blanking). */
  readonly keepPrevious?: boolean;
  /** Ask again when this changes, with the same parameters (what the answer depends on changed on disk: an archive was attached). */
  readonly generation?: number;
  /** Answers already fetched ahead, by parameters (JSON): one found here is shown at once, without asking. */
  readonly prefetched?: ReadonlyMap<string, unknown>;
  /** Nobody waits on a screen for it (see CallOptions.background): read when the query is first asked. */
  readonly background?: boolean;
}

/**
 * One API call whose parameters follow the screen's state: asked again whenever they change (compared by value),
 * null asks nothing. Answers to requests no longer wanted are dropped, so a slow answer never overwrites a newer one.
 */
export function useApiQuery<M extends ApiMethod, P = never>(
  client: StrataClient,
  method: M,
  params: ApiParams<M> | null,
  o: QueryOptions & {
    /** Adds up a long method's partial answers (and keeps its progress) while the answer is awaited. */
    readonly gather?: (soFar: P | null, part: ApiPartial<M>) => P;
  } = {},
): Query<ApiResult<M>, P> {
  const key = params === null ? null : `${o.generation ?? 0}\n${JSON.stringify(params)}`;
  const [answer, setAnswer] = useState<{ key: string; value: ApiResult<M> } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [live, setLive] = useState<{ key: string; soFar: P | null; progress: Progress | null } | null>(null);
  // the job now awaited, for cancel
  const job = useRef<string | null>(null);
  const reportError = useEffectEvent((e: ErrorInfo) => o.onError?.(e));
  const gather = useEffectEvent((soFar: P | null, part: ApiPartial<M>): P => o.gather!(soFar, part));
  const gathering = o.gather !== undefined;
  const delayMs = o.delayMs ?? 0;
  // a change of priority alone does not ask again (that would cancel the job and start it over)
  const inBackground = useEffectEvent(() => o.background === true);

  const prefetched = o.prefetched;
  useEffect(() => {
    if (key === null) return;
    const ready = prefetched?.get(key.slice(key.indexOf('\n') + 1));
    if (ready !== undefined) {
      setAnswer({ key, value: ready as ApiResult<M> });
      setFailed(null);
      return;
    }
    let cancelled = false;
    let jobId: string | null = null;
    // partial answers and progress are added up here and shown at most every LIVE_MS
    let soFar: P | null = null;
    let progress: Progress | null = null;
    let flush: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      flush ??= setTimeout(() => {
        flush = null;
        if (!cancelled) setLive({ key, soFar, progress });
      }, LIVE_MS);
    };
    const ask = () => {
      const call = client.call(
        method,
        JSON.parse(key.slice(key.indexOf('\n') + 1)) as ApiParams<M>,
        gathering
          ? (p) => {
              progress = p;
              show();
            }
          : undefined,
        gathering
          ? (part) => {
              soFar = gather(soFar, part);
              show();
            }
          : undefined,
        inBackground() ? { background: true } : undefined,
      );
      jobId = job.current = call.jobId;
      return call.result.then(
        (value) => {
          if (cancelled) return;
          jobId = job.current = null;
          setAnswer({ key, value });
          setFailed(null); // a request that failed before and is asked again shows as loading
        },
        (e: unknown) => {
          if (cancelled) return;
          jobId = job.current = null;
          setFailed(key);
          const error = errorOf(e);
          if (error.code !== 'Cancelled') reportError(error);
        },
      );
    };
    const timer = delayMs > 0 ? setTimeout(() => void ask(), delayMs) : (void ask(), null);
    return () => {
      cancelled = true;
      job.current = null;
      if (timer) clearTimeout(timer);
      if (flush) clearTimeout(flush);
      // a long job nobody waits for any more stops (one shared with other callers goes on for them)
      if (jobId !== null && isLong(method)) void client.call('cancel', { jobId }).result.catch(() => undefined);
    };
  }, [client, method, key, delayMs, gathering, prefetched]);

  const answered = answer !== null && answer.key === key;
  const loading = key !== null && !answered && failed !== key;
  const current = loading && live !== null && live.key === key ? live : null;
  const cancel = useCallback(() => {
    if (job.current !== null) void client.call('cancel', { jobId: job.current }).result.catch(() => undefined);
  }, [client]);
  return {
    value: answer && (answered || o.keepPrevious) ? answer.value : null,
    loading,
    soFar: current?.soFar ?? null,
    progress: current?.progress ?? null,
    cancel,
  };
}
