/**
 * `--lines A,B` and `--function NAME`, as `strata log` and `strata blame` take them (git's `-L A,B` and `-L :NAME`):
 * at most one of the two, the lines as two whole numbers.
 */
export function lineRangeOption(o: {
  lines?: string;
  function?: string;
}): { lines: { start: number; end: number } } | { funcname: string } | null {
  if (o.lines !== undefined && o.function !== undefined) throw new Error('Give either --lines or --function, not both.');
  if (o.function !== undefined) return { funcname: o.function };
  if (o.lines === undefined) return null;
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(o.lines);
  if (!m) throw new Error(`--lines takes two line numbers like 10,20 (got "${o.lines}").`);
  return { lines: { start: Number(m[1]), end: Number(m[2]) } };
}
