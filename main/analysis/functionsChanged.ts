import { withoutTags } from '../../shared/withoutTags';
import { diffLines, type LineChange } from '../diff/diffLines';
import { escapeRegExp } from '../../shared/posixRegex';

export interface FunctionSpan {
  readonly name: string;
  /** 1-based, inclusive. */
  readonly start: number;
  readonly end: number;
}

const DEF_RE = /^(?!\s)(?!(?:if|for|while|switch|return|else|do|typedef|struct\s+\w+\s*\{|#))[^;=()]*?\b([A-Za-z_]\w*)\s*\(/;

// what stands before a definition's name with parentheses of its own: GCC's and the kernel's attributes, and
// all-capitals macros (glib's G_GNUC_PRINTF(1, 2))
const ATTRIBUTE =
  /^(?:__attribute__|__attribute|__declspec|_Alignas|alignas|__printf|__scanf|__format|__aligned|__section|__alloc_size|__acquires|__releases|__must_hold|__cond_acquires|__cond_releases|__diagnose_as|__nonnull|[A-Z][A-Z0-9_]*)$/;

/** C's words for types: a macro's first argument that is one of these is a parameter's type, not a name it defines. */
const TYPE_WORDS = new Set(['void', 'int', 'char', 'short', 'long', 'unsigned', 'signed', 'float', 'double', 'bool', '_Bool']);

/**
 * The name a C definition's first line defines: the first name followed by a parenthesis (outside any), passing
 * over attributes that have parentheses of their own where a name follows them: `static void
 * __attribute__((__noreturn__)) usage(void)` defines usage. A definition by an all-capitals macro whose first
 * argument is a name is named up to that argument, as the line has it: `SYSCALL_DEFINE3(open,` and
 * `SYSCALL_DEFINE3(openat,` are two functions (by the macro alone, every syscall of a file with as many arguments
 * was one), and `git log -L :NAME:` finds each by that text.
 */
function definedName(line: string): string | null {
  const names: { name: string; end: number }[] = [];
  let depth = 0;
  for (let k = 0; k < line.length; k++) {
    const ch = line.charCodeAt(k);
    if (ch === 40) depth++;
    else if (ch === 41) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isNameStart(ch) && (k === 0 || !isNamePart(line.charCodeAt(k - 1)))) {
      let e = k + 1;
      while (e < line.length && isNamePart(line.charCodeAt(e))) e++;
      let p = e;
      while (line.charCodeAt(p) === 32 || line.charCodeAt(p) === 9) p++;
      if (line.charCodeAt(p) === 40) names.push({ name: line.slice(k, e), end: p });
      k = e - 1;
    }
  }
  const found = names.find((n, at) => at === names.length - 1 || !ATTRIBUTE.test(n.name));
  if (!found) return null;
  if (!/^[A-Z][A-Z0-9_]*$/.test(found.name)) return found.name;
  // `MACRO(name,` or `MACRO(name)`: the line's text from the macro to the character after the name
  const m = /^\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(line.slice(found.end));
  if (!m || TYPE_WORDS.has(m[1]!)) return found.name;
  return line.slice(line.lastIndexOf(found.name, found.end), found.end + m[0].length);
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/**
 * C function bodies in kernel style: a definition starting in column 0 whose
 * body opens with "{" and closes with "}" in column 0 (what `git log -L :fn:`
 * finds with its default funcname rules, close enough for C); K&R definitions too.
 */
export function findFunctions(text: string): FunctionSpan[] {
  const t = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // where each line starts: lines are made into strings only where a definition may start (a file is mostly bodies)
  const starts = [0];
  for (let at = t.indexOf('\n'); at >= 0; at = t.indexOf('\n', at + 1)) starts.push(at + 1);
  const count = starts.length;
  const lineAt = (k: number) => t.slice(starts[k], k + 1 < count ? starts[k + 1]! - 1 : t.length);
  const out: FunctionSpan[] = [];
  for (let i = 0; i < count; i++) {
    // a definition starts in column 0 with a name or a type: most lines (indented, blank, braces) are passed over at once
    const c = t.charCodeAt(starts[i]!);
    if (!isNameStart(c)) continue;
    const first = lineAt(i);
    if (!DEF_RE.test(first) || first.trimEnd().endsWith(';')) continue;
    const name = definedName(first);
    if (name === null) continue;
    let open = -1;
    // parentheses still open from the definition's line on; once closed, indented lines ending in ";" are K&R
    // parameter declarations (old C: vim before 2016, zlib), where they are a prototype's end
    let depth = 0;
    let closedBefore = false;
    for (let j = i; j < Math.min(count, i + 24); j++) {
      const line = j === i ? first : lineAt(j);
      if (/^\{\s*$/.test(line) || (j === i && /\)\s*\{\s*$/.test(line))) {
        open = j;
        break;
      }
      const declaration = closedBefore && /^\s.*;\s*$/.test(line) && !line.includes('(');
      if ((/;\s*$/.test(line) || j >= i + 8) && !declaration) break;
      for (let k = 0; k < line.length; k++) {
        const ch = line.charCodeAt(k);
        if (ch === 40) depth++;
        else if (ch === 41) depth--;
      }
      if (depth <= 0) closedBefore = true;
    }
    if (open < 0) continue;
    // the body ends at the next line that starts with "}"
    let end = open;
    while (end + 1 < count && t.charCodeAt(starts[end]!) !== 125) end++;
    // the export right after the body belongs to the function (changing its macro changes the function's API)
    if (end + 1 < count && new RegExp(`^EXPORT_SYMBOL\\w*\\s*\\(\\s*${escapeRegExp(name)}\\s*[,)]`).test(lineAt(end + 1))) end++;
    out.push({ name, start: i + 1, end: end + 1 });
    i = end;
  }
  return out;
}

// def, class, fn, func, type, … NAME (a Go method's receiver passed over); else the name before the first parenthesis
const DECLARED_NAME =
  /\b(?:def(?:module|macro|p|impl|protocol)?|class|fn|fun|sub|struct|enum|union|trait|mod|impl|package|func|function|type|interface|module|namespace|record|procedure|constructor|destructor)[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_][\w:.]*)/;
const CALLED_NAME = /([A-Za-z_]\w*)[ \t]*\(/;

// a Pascal type: `TWalker = class(TObject)`, `TPoint = record`
const TYPE_NAME = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:class|record)\b/;

/** What a code file's function line declares (see DECLARED_NAME); null where it names nothing. */
export function declaredName(line: string): string | null {
  return TYPE_NAME.exec(line)?.[1] ?? DECLARED_NAME.exec(line)?.[1]?.replace(/[:.]+$/, '') ?? CALLED_NAME.exec(line)?.[1] ?? null;
}

/**
 * A document's section, named by its heading's words: a Markdown `## Title`, TeX's `\section{Title}`, HTML's
 * `<h2>Title</h2>`, a BibTeX entry's key, a CSS rule's selector, a screenplay's scene heading.
 */
export function headingName(line: string): string | null {
  const tex = /^\\\w+\*?\{([^}]*)/.exec(line);
  const bib = /@\w+[ \t]*\{[ \t]*([^,\s}]+)/.exec(line);
  const name = withoutTags(tex?.[1] ?? bib?.[1] ?? line)
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/, '')
    .replace(/[ \t]+#+[ \t]*$/, '')
    .replace(/[ \t]*[{,][ \t]*$/, '')
    .trim()
    .slice(0, 80);
  return name === '' ? null : name;
}

/**
 * Functions as a diff driver's function lines delimit them (git log -L :name:'s ranges): each from a function line
 * to the line before the next one, named by `nameOf` (a line naming nothing only ends the one before it). For the
 * files whose `diff=` driver is not C's (Python, Go, Markdown, …): the C rule above finds none of their functions.
 */
export function findFunctionsByLines(
  text: string,
  isFunctionLine: (line: string) => boolean,
  nameOf: (line: string) => string | null = declaredName,
): FunctionSpan[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const count = lines.length - (text.endsWith('\n') || text.endsWith('\r') ? 1 : 0);
  const heads: number[] = [];
  for (let i = 0; i < count; i++) if (isFunctionLine(lines[i]!)) heads.push(i);
  const out: FunctionSpan[] = [];
  for (const [k, h] of heads.entries()) {
    const name = nameOf(lines[h]!);
    if (name) out.push({ name, start: h + 1, end: k + 1 < heads.length ? heads[k + 1]! : count });
  }
  return out;
}

/** Names of the functions whose lines a change touched, in either version. */
export function functionsChanged(before: string, after: string): string[] {
  if (before === after) return [];
  return functionsTouched(parsedVersion(before), parsedVersion(after));
}

/** A version's text with its function spans, parsed once and reused when it is the other side of the next diff. */
export interface ParsedVersion {
  readonly bytes: Buffer;
  readonly functions: readonly FunctionSpan[];
}

/** `find`: how the file's functions are found (findFunctions, C's rule, by default). */
export function parsedVersion(text: string, find: (text: string) => FunctionSpan[] = findFunctions): ParsedVersion {
  return { bytes: Buffer.from(text, 'utf8'), functions: find(text) };
}

export function functionsTouched(before: ParsedVersion, after: ParsedVersion): string[] {
  if (before.bytes.equals(after.bytes)) return [];
  return functionsInChanges(before.functions, after.functions, diffLines(before.bytes, after.bytes).changes);
}

/** Names of the functions (of each side) whose lines the changes of a line diff touch. */
export function functionsInChanges(
  before: readonly FunctionSpan[],
  after: readonly FunctionSpan[],
  changes: readonly LineChange[],
): string[] {
  const names = new Set<string>();
  const touch = (fns: readonly FunctionSpan[], start: number, count: number) => {
    const end = start + Math.max(count, 1) - 1;
    for (const f of fns) if (f.start <= end && start <= f.end) names.add(f.name);
  };
  for (const c of changes) {
    if (c.count1 > 0) touch(before, c.start1 + 1, c.count1);
    if (c.count2 > 0) touch(after, c.start2 + 1, c.count2);
  }
  return [...names];
}
