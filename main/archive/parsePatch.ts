/** One file of a patch in a mail body: the lines it adds and removes (without the +/- marker). */
export interface PatchFile {
  /** The file's path after the patch (before it, for a deletion). */
  readonly path: string;
  /** The path before a rename or copy; null otherwise. */
  readonly oldPath: string | null;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

function unquoteGitPath(p: string): string {
  if (!p.startsWith('"')) return p;
  // git quotes paths with special bytes C-style, octal escapes for non-ASCII bytes
  const inner = p.slice(1, p.endsWith('"') ? -1 : undefined);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = inner[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(inner.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/mm/hmm.c` → `mm/hmm.c`; `/dev/null` → null; a timestamp after a tab (diff -u) is dropped. */
function patchPath(raw: string): string | null {
  const p = unquoteGitPath(raw.split('\t')[0]!.trim());
  if (p === '/dev/null') return null;
  return p.replace(/^[ab]\//, '');
}

function splitDiffGitLine(rest: string): { a: string; b: string } | null {
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")\s+(.+)$/.exec(rest);
    return m ? { a: m[1]!, b: m[2]! } : null;
  }
  // "a/x b/x": with spaces in names the two halves are the same length
  const sp = rest.indexOf(' b/');
  if (sp < 0) return null;
  const mid = (rest.length - 1) / 2;
  if (Number.isInteger(mid) && rest[mid] === ' ' && rest.slice(2, mid) === rest.slice(mid + 3))
    return { a: rest.slice(0, mid), b: rest.slice(mid + 1) };
  return { a: rest.slice(0, sp), b: rest.slice(sp + 1) };
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * The files a patch in a mail body touches, and what it adds and removes in each: `diff --git`
 * sections and plain `---`/`+++` unified diffs. Hunks are read by their line counts, so the "-- "
 * signature after a patch is not taken for a removed line; quoted text ("> +x") is never a patch.
 */
export function parsePatchFiles(text: string): PatchFile[] {
  return parsePatchLines(splitLines(text));
}

/** `text.split(/\r?\n/)`, without a regular expression (the split of every mail body while indexing). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!;
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** parsePatchFiles over a body already split into lines. */
export function parsePatchLines(lines: readonly string[]): PatchFile[] {
  type Building = { path: string; oldPath: string | null; added: string[]; removed: string[] };
  const files: Building[] = [];
  let current: Building | null = null;
  let inGitHeader = false;
  const start = (oldP: string | null, newP: string | null): Building | null => {
    const path = newP ?? oldP;
    if (path === null) return null;
    const file: Building = { path, oldPath: oldP !== null && newP !== null && oldP !== newP ? oldP : null, added: [], removed: [] };
    files.push(file);
    return file;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      const halves = splitDiffGitLine(line.slice(11));
      const gitA = halves ? patchPath(halves.a) : null;
      const gitB = halves ? patchPath(halves.b) : null;
      inGitHeader = true;
      current = start(gitA, gitB);
      continue;
    }
    if (inGitHeader) {
      const rename = /^(rename|copy) (from|to) (.+)$/.exec(line);
      if (rename && current) {
        const p = unquoteGitPath(rename[3]!);
        if (rename[2] === 'from') current.oldPath = p;
        else current.path = p;
        continue;
      }
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && HUNK.test(lines[i + 2] ?? '')) {
      const oldP = patchPath(line.slice(4));
      const newP = patchPath(lines[i + 1]!.slice(4));
      if (!inGitHeader) current = start(oldP, newP);
      else if (current && newP === null && oldP !== null) current.path = oldP;
      inGitHeader = false;
      i++;
      continue;
    }
    const hunk = line.charCodeAt(0) === 64 ? HUNK.exec(line) : null; // '@'
    if (hunk && current) {
      inGitHeader = false;
      const file = current;
      let oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      let newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
        const l = lines[++i]!;
        const c = l[0];
        if (c === '+') {
          file.added.push(l.slice(1));
          newLeft--;
        } else if (c === '-') {
          file.removed.push(l.slice(1));
          oldLeft--;
        } else if (c === ' ' || l === '') {
          // mailers strip the space of an empty context line
          oldLeft--;
          newLeft--;
        } else if (c === '\\')
          continue; // "\ No newline at end of file"
        else {
          i--;
          break;
        }
      }
      continue;
    }
    if (line.startsWith('diff ') || line === '-- ') inGitHeader = false;
  }
  return files;
}

/** The characters `\s` matches (ECMAScript's white space and line terminators). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * 32-bit FNV-1a of each line with every whitespace character left out (what patch content is compared on: a
 * reindented line is the same line); blank lines get no hash (they say nothing about which patch it is).
 */
export function hashPatchLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    let h = 0x811c9dc5;
    let any = false;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (isSpace(c)) continue;
      any = true;
      h ^= c;
      h = Math.imul(h, 0x01000193);
    }
    if (any) out.push(h >>> 0);
  }
  return out;
}

/**
 * How alike two changes to one file are: Dice's coefficient over the multisets of added and of removed
 * line hashes (an added line never matches a removed one). 1 when they add and remove the same lines.
 */
export function changeSimilarity(
  a: { added: readonly number[]; removed: readonly number[] },
  b: { added: readonly number[]; removed: readonly number[] },
): number {
  const total = a.added.length + a.removed.length + b.added.length + b.removed.length;
  if (total === 0) return 0;
  return (2 * (multisetOverlap(a.added, b.added) + multisetOverlap(a.removed, b.removed))) / total;
}

function multisetOverlap(x: readonly number[], y: readonly number[]): number {
  if (!x.length || !y.length) return 0;
  const counts = new Map<number, number>();
  for (const h of x) counts.set(h, (counts.get(h) ?? 0) + 1);
  let n = 0;
  for (const h of y) {
    const c = counts.get(h);
    if (c) {
      n++;
      counts.set(h, c - 1);
    }
  }
  return n;
}
