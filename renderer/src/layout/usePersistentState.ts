import { useCallback, useState } from 'react';

const PREFIX = 'strata.layout.';

function read<T>(key: string, initial: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    if (raw === null) return initial;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : initial;
  } catch {
    return initial; // storage off (private window) or a value another version wrote: the default
  }
}

/** A piece of state kept in localStorage under `strata.layout.<key>`, so a reload (or the next start) finds it again. */
export function usePersistentState<T>(
  key: string,
  initial: () => T,
  valid: (v: unknown) => v is T,
): [T, (v: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => read(key, initial(), valid));
  const set = useCallback(
    (v: T | ((prev: T) => T)) => {
      setValue((prev) => {
        const next = typeof v === 'function' ? (v as (prev: T) => T)(prev) : v;
        try {
          window.localStorage.setItem(PREFIX + key, JSON.stringify(next));
        } catch {
          // not kept: the layout still changes for this session
        }
        return next;
      });
    },
    [key],
  );
  return [value, set];
}

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
