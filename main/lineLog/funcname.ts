import { StrataError } from '../../shared/errors';
import { compileBasic, compileExtended } from '../../shared/posixRegex';
import type { LineRecords } from '../diff/lineRecords';
import { defaultFunctionLine, type FunctionLineMatcher } from '../diff/unifiedDiff';
import { BUILTIN_DRIVERS } from './builtinDrivers';

/**
 * Which lines start a function, as git's diff drivers decide (userdiff): a list of patterns tried in
 * order on the line without its newline (and CR); the first that matches decides, a negated one saying
 * "not a function line". No driver: git's default rule, a line starting with a letter, '_' or '$'.
 */
export interface FuncnameRule {
  readonly patterns: readonly { readonly re: RegExp; readonly negate: boolean }[];
}

/** Compiled when first asked for. */
const compiled = new Map<string, FuncnameRule>();

/** The rule for a `diff=<driver>` attribute: a builtin driver's; null (git's default rule) for a name that is none. */
export function funcnameRuleFor(driver: string | null, custom?: FuncnameRule | null): FuncnameRule | null {
  if (custom) return custom;
  // a driver's name is the repository's data (`diff=toString` is a name like any other): own keys only
  if (!driver || !Object.hasOwn(BUILTIN_DRIVERS, driver)) return null;
  let rule = compiled.get(driver);
  if (!rule) {
    const builtin = BUILTIN_DRIVERS[driver]!;
    compiled.set(driver, (rule = parseFuncnameConfig(builtin.xfuncname, true, builtin.icase ?? false)));
  }
  return rule;
}

/** A rule from `diff.<driver>.xfuncname` (extended regexes, one per line, '!' negates) or `.funcname` (basic). */
export function parseFuncnameConfig(value: string, extended: boolean, icase = false): FuncnameRule {
  // matched against one line without its newline, as a whole: '.' takes any byte, '$' is the line's end
  const flags = icase ? 'si' : 's';
  const patterns = value.split('\n').map((line) => {
    const negate = line.startsWith('!');
    const source = negate ? line.slice(1) : line;
    return { re: extended ? compileExtended(source, flags) : compileBasic(source, flags), negate };
  });
  return { patterns };
}

function lineText(lines: LineRecords, i: number): string {
  let end = lines.starts[i + 1]!;
  const start = lines.starts[i]!;
  if (end > start && lines.data[end - 1] === 10) end--;
  if (end > start && lines.data[end - 1] === 13) end--;
  return lines.data.toString('latin1', start, end);
}

/**
 * The function line a hunk header shows, as git's diff finds it under the rule (xdiff's ff_regexp): the first
 * pattern that matches the line decides; a negated one, or none, means the line is not one. Shown: the
 * pattern's first group where it took part, else its whole match, cut to 80 bytes and its trailing white space.
 * Lines come as latin1 text with their newline. No rule: git's default (defaultFunctionLine).
 */
export function functionLineMatcher(rule: FuncnameRule | null): FunctionLineMatcher {
  if (!rule) return defaultFunctionLine;
  return (line) => {
    const text = line.replace(/\r?\n$/, '');
    for (const p of rule.patterns) {
      const m = p.re.exec(text);
      if (!m) continue;
      if (p.negate) return null;
      const shown = m[1] ?? m[0];
      return shown.slice(0, 80).replace(/[ \t\n\v\f\r]+$/, '');
    }
    return null;
  };
}

/** Whether line i starts a function under the rule (null: git's default rule). */
export function isFuncnameLine(lines: LineRecords, i: number, rule: FuncnameRule | null): boolean {
  if (!rule) {
    const start = lines.starts[i]!;
    if (start === lines.starts[i + 1]!) return false;
    const c = lines.data[start]!;
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  }
  const text = lineText(lines, i);
  for (const p of rule.patterns) if (p.re.test(text)) return !p.negate;
  return false;
}

/**
 * `-L :NAME:path`: from the first function line (at or after `fromLine`, 0-based) that the regex NAME
 * matches, up to the next function line or the end of the file. Returns a half-open 0-based range.
 */
export function functionRange(lines: LineRecords, name: string, rule: FuncnameRule | null, fromLine = 0): { start: number; end: number } {
  const re = compileBasic(name);
  for (let i = fromLine; i < lines.count; i++) {
    if (!re.test(lines.data.toString('latin1', lines.starts[i]!, lines.starts[i + 1]!))) continue;
    if (!isFuncnameLine(lines, i, rule)) continue;
    let end = i + 1;
    while (end < lines.count && !isFuncnameLine(lines, end, rule)) end++;
    return { start: i, end };
  }
  throw new StrataError('InvalidRequest', `No function matching "${name}" in the file (looked from line ${fromLine + 1}).`);
}
