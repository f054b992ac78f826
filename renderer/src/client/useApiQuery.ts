import { useEffect, useEffectEvent, useState } from 'react';
import type { ApiMethod, ApiParams, ApiResult, StrataClient } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import { errorOf } from './messageClient';

export interface Query<T> {
  /** The answer to the request asked for; with `keepPrevious`, the last answer until the next one arrives. */
  readonly value: T | null;
  /** The request asked for has neither been answered nor failed. */
  readonly loading: boolean;
}

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
}

/**
 * One API call whose parameters follow the screen's state: asked again whenever they change (compared by value),
 * null asks nothing. Answers to requests no longer wanted are dropped, so a slow answer never overwrites a newer one.
 */
export function useApiQuery<M extends ApiMethod>(
  client: StrataClient,
  method: M,
  params: ApiParams<M> | null,
  o: QueryOptions = {},
): Query<ApiResult<M>> {
  const key = params === null ? null : `${o.generation ?? 0}\n${JSON.stringify(params)}`;
  const [answer, setAnswer] = useState<{ key: string; value: ApiResult<M> } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const reportError = useEffectEvent((e: ErrorInfo) => o.onError?.(e));
  const delayMs = o.delayMs ?? 0;

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
    const ask = () =>
      client.call(method, JSON.parse(key.slice(key.indexOf('\n') + 1)) as ApiParams<M>).result.then(
        (value) => {
          if (cancelled) return;
          setAnswer({ key, value });
          setFailed(null); // a request that failed before and is asked again shows as loading
        },
        (e: unknown) => {
          if (cancelled) return;
          setFailed(key);
          reportError(errorOf(e));
        },
      );
    if (delayMs <= 0) {
      void ask();
      return () => {
        cancelled = true;
      };
    }
    const timer = setTimeout(() => void ask(), delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, method, key, delayMs, prefetched]);

  const answered = answer !== null && answer.key === key;
  return {
    value: answer && (answered || o.keepPrevious) ? answer.value : null,
    loading: key !== null && !answered && failed !== key,
  };
}
