import { StrataError } from '../../shared/errors';
import type { LineRangeArg } from '../../shared/lineLog';

/**
 * `--lines START,END` and `--function NAME`, as `strata log` and `strata blame` take them (git's `-L START,END` and
 * `-L :NAME`): at most one of the two; the lines as git writes them (numbers, /regex/, +N, -N; or :NAME), read against
 * the file by the service.
 */
export function lineRangeOption(o: { lines?: string; function?: string }): LineRangeArg | null {
  if (o.lines !== undefined && o.function !== undefined)
    throw new StrataError('InvalidRequest', 'Give either --lines or --function, not both.');
  if (o.function !== undefined) return { funcname: o.function };
  if (o.lines === undefined) return null;
  if (o.lines.trim() === '') throw new StrataError('InvalidRequest', "--lines takes a range like 10,20 (as git's -L 10,20).");
  // git's -L :NAME (^:NAME searches from the first line: the same for one range)
  const fn = /^\^?:(.+)$/s.exec(o.lines);
  if (fn) return { funcname: fn[1]! };
  return { range: o.lines };
}
