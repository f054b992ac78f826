import { StrataError } from '../../shared/errors';
import { compileBasic } from '../../shared/posixRegex';
import type { LineRecords } from '../diff/lineRecords';

/**
 * git's `-L <start>,<end>` (blame and log alike, line-range.c) read against the file: each end a line number, a
 * `/regex/` (POSIX basic, searched from `anchor` for the start, from the line after the start for the end; `^/regex/`
 * searches from the first line), or for the end `+N` / `-N` lines from the start. Either may be left out (`,20`: from
 * the first line; `10`: to the last). Returns 0-based lines, end excluded, cut at the file's end as git cuts them.
 * `anchor`: 1-based line a start's regex is searched from (git: the line after the previous -L range).
 */
export function lineRangeOf(spec: string, lines: LineRecords, path: string, anchor = 1): { start: number; end: number } {
  const count = lines.count;
  const from = Math.min(Math.max(anchor, 1), count + 1);
  const start = locate(spec, 0, lines, -from);
  let rest = start.next;
  let end = { value: 0, next: rest };
  if (spec[rest] === ',') {
    end = locate(spec, rest + 1, lines, start.value + 1);
    rest = end.next;
  }
  if (rest !== spec.length) throw malformed(spec);
  let [bottom, top] = [start.value, end.value];
  if (bottom && top && top < bottom) [bottom, top] = [top, bottom];
  if ((count === 0 && (top || bottom)) || count < bottom)
    throw new StrataError('InvalidRequest', `${path} has only ${count} lines; choose a range inside it.`);
  if (bottom < 1) bottom = 1;
  if (top < 1 || count < top) top = count;
  return { start: bottom - 1, end: top };
}

function malformed(spec: string): StrataError {
  return new StrataError(
    'InvalidRequest',
    `"${spec}" is not a line range git's -L takes: START,END, each a line number or /regex/ (^/regex/ from the first line), END also +N or -N.`,
  );
}

/**
 * One end of the range from `at` (line-range.c's parse_loc): its 1-based line (0: not given) and where the spec goes
 * on. `begin` < 0: the start, searched from line -begin; > 0: the end, the line after the start.
 */
function locate(spec: string, at: number, lines: LineRecords, begin: number): { value: number; next: number } {
  const c = spec[at];
  if (begin >= 1 && (c === '+' || c === '-')) {
    // strtol's reading: white space, then digits
    const digits = /^\s*\d+/.exec(spec.slice(at + 1))?.[0];
    if (digits === undefined) return { value: 0, next: at };
    let n = Number(digits.trim());
    if (n === 0) throw new StrataError('InvalidRequest', `"${spec}": -L takes no empty range (+0 or -0).`);
    if (c === '-') n = -n;
    return { value: n > 0 ? begin + n - 2 : Math.max(begin + n, 1), next: at + 1 + digits.length };
  }
  const number = /^\s*[+-]?\d+/.exec(spec.slice(at))?.[0];
  if (number !== undefined) {
    if (Number(number) <= 0) throw new StrataError('InvalidRequest', `"${spec}": ${number.trim()} is not a line number (they start at 1).`);
    return { value: Number(number), next: at + number.length };
  }
  let i = at;
  if (begin < 0) {
    if (spec[i] === '^') {
      begin = 1;
      i++;
    } else begin = -begin;
  }
  if (spec[i] !== '/') return { value: 0, next: at };
  let term = i + 1;
  while (term < spec.length && spec[term] !== '/') term += spec[term] === '\\' ? 2 : 1;
  if (spec[term] !== '/') return { value: 0, next: at };
  const source = spec.slice(i + 1, term);
  const re = compileBasic(source, 's');
  // the first line, from line `begin` on, the expression matches in (REG_NEWLINE: no match runs past a line's end)
  for (let l = begin - 1; l < lines.count; l++) {
    let e = lines.starts[l + 1]!;
    if (e > lines.starts[l]! && lines.data[e - 1] === 10) e--;
    if (re.test(lines.data.toString('latin1', lines.starts[l]!, e))) return { value: l + 1, next: term + 1 };
  }
  // searched from past the last line: git tries the empty rest of the file
  if (begin - 1 >= lines.count && re.test('')) return { value: lines.count + 1, next: term + 1 };
  throw new StrataError('InvalidRequest', `-L parameter '${source}' starting at line ${begin}: no line matches it.`);
}
