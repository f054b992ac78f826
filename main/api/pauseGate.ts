/**
 * Background work steps aside while a job somebody waits on runs: on a machine with few cores, the badges, the
 * Functions tab and blame prepared ahead would otherwise take half the CPU from the blame just asked for (vim's
 * src/eval.c on 2 cores: 7 s to the blame beside three background jobs). The job runner keeps in shared memory how
 * many waited-on jobs run (`waitedOn`) and, per worker, whether its job is background work (`pausable`: 1); a
 * background job calls pauseWhileWaitedOn at each step it reports, and sleeps there (its thread, not the host's
 * event loop) until those jobs end, its job is waited on or cancelled, or `maxMs` pass: a long waited-on job slows
 * background work, it never stops it.
 */
export interface PauseGate {
  readonly waitedOn: Int32Array;
  readonly pausable: Int32Array;
}

/** New shared cells: one count for a runner (`waitedOn`), one flag per worker (`pausable`). */
export function sharedCell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Sets a cell and wakes every worker waiting at the gate, so each looks again. */
export function setCell(cell: Int32Array, gate: Int32Array, value: number): void {
  Atomics.store(cell, 0, value);
  Atomics.notify(gate, 0);
}

/** Sleeps while the gate says to (see above); `onPause` is told once, before. Returns the milliseconds slept. */
export function pauseWhileWaitedOn(gate: PauseGate, maxMs: number, onPause?: () => void): number {
  const must = () => Atomics.load(gate.pausable, 0) === 1 && Atomics.load(gate.waitedOn, 0) > 0;
  if (!must()) return 0;
  onPause?.();
  const start = performance.now();
  for (let left = maxMs; must() && left > 0; left = maxMs - (performance.now() - start)) {
    Atomics.wait(gate.waitedOn, 0, Atomics.load(gate.waitedOn, 0), Math.min(left, 100));
  }
  return performance.now() - start;
}
