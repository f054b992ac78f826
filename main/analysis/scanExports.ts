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
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? s.length : end + 2;
      out += s.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && s[i + 1] === '/') {
      let end = i;
      while (end < s.length && s[end] !== '\n') {
        if (s[end] === '\\' && s[end + 1] === '\n') end++;
        end++;
      }
      out += s.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else if (c === '"' || c === "'") {
      let end = i + 1;
      while (end < s.length && s[end] !== c && s[end] !== '\n') end += s[end] === '\\' ? 2 : 1;
      out += s.slice(i, end + 1);
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Blanks the lines under `#if 0` (up to its `#else`, `#elif` or `#endif`, nesting respected). */
export function stripInactive(s: string): string {
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
