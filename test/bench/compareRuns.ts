import fs from 'node:fs';
import path from 'node:path';

/** One row of a bench run: what was measured, native git's seconds and Strata's (null: not measured). */
export interface RunRow {
  readonly what: string;
  readonly native: number | null;
  readonly strata: number | null;
}

export interface SavedRun {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly rows: readonly RunRow[];
}

/** A row slower than in the run compared with. */
export interface Slower {
  readonly what: string;
  /** How many times slower: of the ratio to git where both runs measured git, else of Strata's own seconds. */
  readonly times: number;
  readonly before: number;
  readonly now: number;
  /** 'ratio': the figures are ratios to git; 'seconds': Strata's seconds. */
  readonly by: 'ratio' | 'seconds';
}

/**
 * The rows of `now` that are slower than the same rows (same label) of `before` by more than `factor`, and by
 * more than `minSeconds` of Strata's time (this machine's noise is some 20%, and a few milliseconds). Where both
 * runs measured git too, the ratio to git is compared: it holds when the machine is busier in one run.
 */
export function slowerRows(before: SavedRun, now: readonly RunRow[], factor = 1.25, minSeconds = 0.005): Slower[] {
  const old = new Map(before.rows.map((r) => [r.what, r]));
  const out: Slower[] = [];
  for (const r of now) {
    const b = old.get(r.what);
    if (!b || r.strata === null || b.strata === null || r.strata - b.strata <= minSeconds) continue;
    const byRatio = r.native !== null && b.native !== null && r.native > 0 && b.native > 0;
    const was = byRatio ? b.strata / b.native! : b.strata;
    const is = byRatio ? r.strata / r.native! : r.strata;
    if (was > 0 && is / was > factor) out.push({ what: r.what, times: is / was, before: was, now: is, by: byRatio ? 'ratio' : 'seconds' });
  }
  return out;
}

/** The run saved last for this scope (`npm run bench`, BENCH_ONLY=blame…), or null. */
export function readRun(file: string): SavedRun | null {
  try {
    const run = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedRun;
    return Array.isArray(run.rows) ? run : null;
  } catch {
    return null;
  }
}

export function saveRun(file: string, run: SavedRun): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(run, null, 1)}\n`);
}

/** The comparison as the bench prints it after its table. */
export function describeSlower(before: SavedRun, slower: readonly Slower[]): string {
  if (slower.length === 0) return `No row is more than 25% slower than in the run of ${before.date}.`;
  const lines = slower.map(
    (s) =>
      `  ${s.times.toFixed(2)}x slower: ${s.what} (${s.by === 'ratio' ? `${s.before.toFixed(2)}x → ${s.now.toFixed(2)}x of git` : `${s.before.toFixed(3)} s → ${s.now.toFixed(3)} s`})`,
  );
  return [`Slower than in the run of ${before.date} (more than 25%; measure again alone before believing it):`, ...lines].join('\n');
}
