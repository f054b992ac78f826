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

/** A POSIX bracket expression starting at `at` ('['): its JS form and where it ends. */
function bracket(src: string, at: number): { js: string; next: number } {
  let i = at + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === ']' && !first) return { js: `${out}]`, next: i + 1 };
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

function compile(js: string, src: string, flags: string): RegExp {
  try {
    return new RegExp(js, flags);
  } catch (e) {
    throw new StrataError('InvalidRequest', `"${src}" is not a regular expression git accepts: ${(e as Error).message}`);
  }
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
      if ('(){}|+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else if ('wWsSbB'.includes(n) || /[1-9]/.test(n)) out += `\\${n}`;
      else out += /[A-Za-z0-9]/.test(n) ? n : `\\${n}`;
    } else if (c === '[') {
      const b = bracket(src, i);
      out += b.js;
      i = b.next - 1;
    } else if (c === '*' && (out === '' || out === '^' || out.endsWith('('))) out += '\\*';
    else if ('(){}|+?/'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return compile(out, src, flags);
}

/** POSIX extended regex as a JS RegExp. */
export function compileExtended(src: string, flags: string): RegExp {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) out += `\\${src[++i]!}`;
    else if (c === '[') {
      const b = bracket(src, i);
      out += b.js;
      i = b.next - 1;
    } else out += c;
  }
  return compile(out, src, flags);
}
