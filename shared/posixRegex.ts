import { StrataError } from './errors';

/**
 * git's regular expressions (POSIX basic and extended, as glibc's regcomp reads them) as JavaScript ones: the
 * function names of `log -L :NAME:`, the diff drivers' xfuncname and funcname, and `:/text` revisions.
 */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
  word: 'A-Za-z0-9_',
};

/** Text as a JavaScript regex that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A POSIX bracket expression starting at `at` ('['): its JS form and where it ends. With `newline` (REG_NEWLINE) a
 * non-matching list does not match a newline, as POSIX says.
 */
function bracket(src: string, at: number, newline: boolean): { js: string; next: number } {
  let i = at + 1;
  let out = '[';
  let negated = false;
  if (src[i] === '^') {
    out += '^';
    negated = true;
    i++;
  }
  let first = true;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === ']' && !first) return { js: `${out}${negated && newline ? '\\n' : ''}]`, next: i + 1 };
    first = false;
    if (c === '[' && src[i + 1] === ':') {
      const close = src.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[src.slice(i + 2, close)];
        if (cls === undefined) throw new StrataError('InvalidRequest', `Unknown character class in "${src}".`);
        out += cls;
        i = close + 1;
        continue;
      }
    }
    out += c === '\\' || c === '[' || c === ']' ? `\\${c}` : c;
  }
  throw new StrataError('InvalidRequest', `"${src}" has an unclosed bracket expression.`);
}

/**
 * REG_NEWLINE (asked for with flag `m`) in JavaScript: '^' after a newline or at the start, '$' before one or at the
 * end, '.' anything but a newline. JavaScript's own `m` also ends lines at a CR (a CRLF file's '$' would match
 * before its CR) and its '.' skips CRs: POSIX's do not.
 */
const NEWLINE_ANCHORS: Record<string, string> = { '^': '(?<![^\\n])', $: '(?![^\\n])', '.': '[^\\n]' };

function compile(js: string, src: string, flags: string): RegExp {
  try {
    return new RegExp(js, flags.replace('m', ''));
  } catch (e) {
    throw new StrataError('InvalidRequest', `"${src}" is not a regular expression git accepts: ${(e as Error).message}`);
  }
}

/**
 * An escape as glibc's regcomp reads it: GNU's \\w \\W \\s \\S \\b \\B \\< \\> and back-references; any other letter or
 * digit is itself (`\\t` is "t", `\\d` is "d": JavaScript would read a tab, a digit class).
 */
function escaped(n: string): string {
  if (n === '<' || n === '>') return '\\b';
  if ('wWsSbB'.includes(n) || /[1-9]/.test(n)) return `\\${n}`;
  return /[A-Za-z0-9]/.test(n) ? n : `\\${n}`;
}

/**
 * POSIX basic regex (with GNU's \\+ \\? \\| \\< \\> \\w \\s) as a JS RegExp. By default as `log -L :NAME:` compiles NAME
 * (REG_NEWLINE: '^' and '$' at each line's ends).
 */
export function compileBasic(src: string, flags = 'm'): RegExp {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      const n = src[++i]!;
      out += '(){}|+?'.includes(n) ? n : escaped(n);
    } else if (c === '[') {
      const b = bracket(src, i, flags.includes('m'));
      out += b.js;
      i = b.next - 1;
    } else if (c === '*' && (out === '' || out.endsWith('^') || out.endsWith(NEWLINE_ANCHORS['^']!) || out.endsWith('('))) out += '\\*';
    else if ('(){}|+?/'.includes(c)) out += `\\${c}`;
    else out += (flags.includes('m') && NEWLINE_ANCHORS[c]) || c;
  }
  return compile(out, src, flags);
}

/**
 * POSIX extended regex (with GNU's escapes) as a JS RegExp: git log -G's, the diff drivers' xfuncname. Flag `m` is
 * REG_NEWLINE: '^' and '$' at each line's ends, and a non-matching list never matches a newline.
 */
export function compileExtended(src: string, flags: string): RegExp {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) out += escaped(src[++i]!);
    else if (c === '[') {
      const b = bracket(src, i, flags.includes('m'));
      out += b.js;
      i = b.next - 1;
    } else out += (flags.includes('m') && NEWLINE_ANCHORS[c]) || c;
  }
  return compile(out, src, flags);
}
