import type { ExportMacroName } from '../../shared/ledger';

export interface ExportSite {
  readonly symbol: string;
  readonly macro: ExportMacroName;
  readonly namespace?: string;
  /** 1-based line of the macro in the original text. */
  readonly line: number;
}

const EXPORT_RE = /\b(EXPORT_SYMBOL(?:_GPL_FUTURE|_NS_GPL|_GPL|_NS)?)\s*\(\s*([A-Za-z_]\w*)\s*(?:,([^)]*))?\)/dg;

/**
 * Every EXPORT_SYMBOL* in C text, as the compiler would see it: comments and
 * `#if 0` blocks are ignored, line continuations joined, CRLF accepted, and
 * macro definitions themselves are not exports.
 */
export function scanExports(source: string): ExportSite[] {
  if (!source.includes('EXPORT_SYMBOL')) return []; // most versions of most files: nothing to strip or match
  const text = stripInactive(stripComments(source.replace(/\r\n?/g, '\n')));
  const joined = text.replace(/\\\n/g, '  ');
  // Matching runs on a copy with string contents blanked (same offsets), so "EXPORT_SYMBOL(x)" in a string is not an export.
  const blanked = joined.replace(/"(?:[^"\\\n]|\\.)*"/g, (m) => `"${' '.repeat(m.length - 2)}"`);
  const lineStarts: number[] = [0];
  for (let i = 0; i < joined.length; i++) if (joined[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: ExportSite[] = [];
  for (const m of blanked.matchAll(EXPORT_RE)) {
    const start = m.index ?? 0;
    const lineStart = joined.lastIndexOf('\n', start) + 1;
    if (/^\s*#\s*(define|undef)\b/.test(joined.slice(lineStart, start))) continue;
    const site: ExportSite = { symbol: m[2]!, macro: m[1] as ExportMacroName, line: lineOf(start) };
    const ns = m.indices?.[3] ? joined.slice(m.indices[3][0], m.indices[3][1]).trim().replace(/^"|"$/g, '') : '';
    out.push(ns ? { ...site, namespace: ns } : site);
  }
  return out;
}

/** Replaces comments with spaces (newlines kept), leaving string and character literals alone. */
export function stripComments(s: string): string {
  const parts: string[] = [];
  const start = /\/\*|\/\/|["']/g;
  let kept = 0; // s[kept..] is not yet in parts
  for (let m = start.exec(s); m; m = start.exec(s)) {
    const at = m.index;
    let end: number;
    if (m[0] === '/*') {
      const close = s.indexOf('*/', at + 2);
      end = close < 0 ? s.length : close + 2;
    } else if (m[0] === '//') {
      end = at;
      while (end < s.length && s[end] !== '\n') {
        if (s[end] === '\\' && s[end + 1] === '\n') end++;
        end++;
      }
    } else {
      // a string or character literal is kept as it is, up to its closing quote or the end of its line
      end = at + 1;
      while (end < s.length && s[end] !== m[0] && s[end] !== '\n') end += s[end] === '\\' ? 2 : 1;
      start.lastIndex = end + 1;
      continue;
    }
    parts.push(s.slice(kept, at), s.slice(at, end).replace(/[^\n]/g, ' '));
    kept = start.lastIndex = end;
  }
  parts.push(s.slice(kept));
  return parts.join('');
}

/** Blanks the lines under `#if 0` (up to its `#else`, `#elif` or `#endif`, nesting respected). */
export function stripInactive(s: string): string {
  // (white space within a line: `\s` would run across blank lines, each run tried from each of its lines)
  if (!/^[^\S\n]*#[^\S\n]*if[^\S\n]+0[^\S\n]*$/m.test(s)) return s;
  const lines = s.split('\n');
  let depth = 0; // >0 while inside an #if 0 region, counting nested conditionals
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const d = /^\s*#\s*(if|ifdef|ifndef|else|elif|endif)\b(.*)$/.exec(l);
    if (depth === 0) {
      if (d && d[1] === 'if' && /^\s*0\s*$/.test(d[2]!)) {
        depth = 1;
        lines[i] = '';
      }
      continue;
    }
    if (d) {
      if (d[1] === 'if' || d[1] === 'ifdef' || d[1] === 'ifndef') depth++;
      else if (d[1] === 'endif') depth--;
      else if (depth === 1) {
        depth = 0; // #else / #elif of the #if 0: the rest is live
        continue;
      }
    }
    lines[i] = '';
  }
  return lines.join('\n');
}
