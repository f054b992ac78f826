import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BinaryByAttributes, LineCounts } from '../diff/countLineChanges';
import type { DiffAlgorithm } from '../diff/diffLines';
import { LineCounter } from '../diff/lineCounter';
import type { EntryKey } from '../objects/entryKey';
import type { ObjectStore } from '../objects/objectStore';
import { countVersionPair, type PairCounts } from './readVersions';

/** Pairs counted per claim: small enough that the two cores finish together, large enough to keep interning warm. */
const BATCH = 24;
/**
 * A second thread costs about 150 ms to start: it is started once the pairs left look like more than this much
 * work for this thread alone (judged from the batches counted so far), or at once where the caller says.
 */
const WORTH_SHARING_MS = 400;

const FREE = 0;
const WORKER = 1;
const CALLER = 2;

/** One version pair to count: the file's entry in the commit's first parent and in the commit. */
export interface CountPair {
  readonly before: EntryKey;
  readonly after: EntryKey;
  /** Where the repository's attributes decide that a side is diffed as binary or as text. */
  readonly binary?: BinaryByAttributes;
}

/** What the count worker is sent: every pair, and one claim per batch, shared. */
export interface CountWork {
  readonly gitdir: string;
  readonly algorithm: DiffAlgorithm;
  readonly pairs: readonly (readonly [EntryKey, EntryKey, BinaryByAttributes?])[];
  readonly claims: Int32Array;
}

/** In the worker's answers: a binary pair; a pair whose version this copy of the repository lacks. */
export const BINARY = -1;
export const ABSENT = -2;

/** The worker's answer for one batch (additions and deletions per pair, BINARY, ABSENT), its end, or its failure. */
export type CountAnswer = { readonly batch: number; readonly counts: Int32Array } | { readonly done: true } | { readonly error: string };

/**
 * `git log --numstat`'s counts for a timeline's version pairs, on two cores: this thread counts batches from the
 * front (the newest commits first, so they are on screen first), a worker thread from the back, each batch taken
 * with a compare-and-swap so neither waits for the other. `onCounted` hears each pair as it is counted (in no
 * particular order). Where the worker cannot run or fails, this thread counts what it had not answered.
 */
export async function countPairs(o: {
  store: ObjectStore;
  pairs: readonly CountPair[];
  algorithm: DiffAlgorithm;
  onCounted: (index: number, counts: LineCounts) => void;
  /** Told of each pair whose version this copy lacks (a partial clone): it is counted as unknown (null, null). */
  onAbsent?: (index: number) => void;
  signal?: AbortSignal;
  /** Force the second thread on from the start (true) or off (false); by default it joins where the work is long (WORTH_SHARING_MS). */
  twoThreads?: boolean;
  /** Let the worker answer its first batch before this thread starts (tests: both threads surely take part). */
  workerFirst?: boolean;
}): Promise<{ byWorker: number }> {
  const { store, pairs } = o;
  const batches = Math.ceil(pairs.length / BATCH);
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, batches)));
  const counted = new Uint8Array(pairs.length);
  let byWorker = 0;
  const record = (i: number, c: PairCounts, worker = false) => {
    if (counted[i]) return;
    counted[i] = 1;
    if (worker) byWorker++;
    if (c === 'absent') o.onAbsent?.(i);
    o.onCounted(i, c === 'absent' ? { additions: null, deletions: null } : c);
  };
  let worker: Worker | null = null;
  let failed = false;
  let waiter: (() => void) | null = null;
  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  const start = () => {
    worker = startWorker(store.gitdir, o.algorithm, pairs, claims);
    if (!worker) return;
    worker.on('message', (m: CountAnswer) => {
      if ('error' in m || 'done' in m)
        failed = true; // (done: every batch it took is answered, the rest is this thread's)
      else {
        const first = m.batch * BATCH;
        for (let k = 0; k < m.counts.length / 2; k++) {
          const a = m.counts[2 * k]!;
          const counts: PairCounts =
            a === ABSENT
              ? 'absent'
              : a === BINARY
                ? { additions: null, deletions: null }
                : { additions: a, deletions: m.counts[2 * k + 1]! };
          record(first + k, counts, true);
        }
      }
      wake();
    });
    const end = () => {
      failed = true;
      wake();
    };
    worker.on('error', end);
    worker.on('exit', end);
  };
  const mayShare = o.twoThreads !== false && os.availableParallelism() > 1;
  if (o.twoThreads === true) start();
  const began = Date.now();
  const counter = new LineCounter(o.algorithm);
  const countBatch = async (b: number) => {
    for (let i = b * BATCH; i < Math.min(pairs.length, (b + 1) * BATCH); i++) {
      if (o.signal?.aborted) return;
      const p = pairs[i]!;
      record(i, await countVersionPair(store, counter, p.before, p.after, p.binary));
    }
  };
  try {
    if (worker && o.workerFirst) while (byWorker === 0 && !failed) await new Promise<void>((r) => (waiter = r));
    for (let b = 0; b < batches && !o.signal?.aborted; b++) {
      if (Atomics.compareExchange(claims, b, FREE, CALLER) !== FREE) break; // the worker has it, and every one after
      await countBatch(b);
      const done = Math.min(pairs.length, (b + 1) * BATCH);
      if (!worker && mayShare && ((Date.now() - began) / done) * (pairs.length - done) > WORTH_SHARING_MS) start();
      // the worker's answers are taken in between
      if (worker) await new Promise<void>((r) => setImmediate(r));
    }
    // what the worker took: its answers, or this thread counts them where it failed
    for (;;) {
      if (o.signal?.aborted) break;
      const missing = [...Array(batches).keys()].filter((b) => !batchDone(b));
      if (missing.length === 0) break;
      if (failed || !worker) {
        for (const b of missing) await countBatch(b);
        break;
      }
      await new Promise<void>((r) => (waiter = r));
    }
    return { byWorker };
  } finally {
    // awaited: the thread's descriptors are given back before the caller goes on (a run in process leaves none open)
    if (worker) await (worker as Worker).terminate();
  }

  function batchDone(b: number): boolean {
    for (let i = b * BATCH; i < Math.min(pairs.length, (b + 1) * BATCH); i++) if (!counted[i]) return false;
    return true;
  }
}

function startWorker(gitdir: string, algorithm: DiffAlgorithm, pairs: readonly CountPair[], claims: Int32Array): Worker | null {
  const file = path.join(__dirname, '..', 'worker', 'lineCountWorker.js');
  if (!fs.existsSync(file)) return null;
  try {
    const work: CountWork = {
      gitdir,
      algorithm,
      pairs: pairs.map((p) => (p.binary ? ([p.before, p.after, p.binary] as const) : ([p.before, p.after] as const))),
      claims,
    };
    return new Worker(file, { workerData: work });
  } catch {
    return null;
  }
}

/** For the worker: takes batch b unless this thread has. */
export function claimBatchForWorker(claims: Int32Array, b: number): boolean {
  return Atomics.compareExchange(claims, b, FREE, WORKER) === FREE;
}

export const COUNT_BATCH = BATCH;
