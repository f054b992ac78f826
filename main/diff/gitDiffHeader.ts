import { type DiffPrefixes, GIT_PREFIXES, quotedPath } from './quotePath';

/** One side of a diff as its header names it: the path, and the blob's id (abbreviated) and mode where the file exists. */
export interface HeaderSide {
  readonly path: string;
  readonly id: string | null;
  readonly mode: string | null;
}

/**
 * The lines `git diff A B -- PATH` writes before a file's `---` line: `diff --git`, what became of the mode (new
 * file, deleted file, old and new mode), and `index` with both ids (the mode after them where it is the same).
 * `nullId`: the id git writes for a side without the file (zeros as long as the abbreviation). '' where both sides
 * are the same file (git writes nothing).
 */
export function gitDiffHeader(
  before: HeaderSide,
  after: HeaderSide,
  nullId: string,
  quotePath = true,
  prefixes: DiffPrefixes = GIT_PREFIXES,
): string {
  if (before.id === after.id && before.mode === after.mode) return '';
  let out = `diff --git ${quotedPath(prefixes.src, before.path, quotePath)} ${quotedPath(prefixes.dst, after.path, quotePath)}\n`;
  if (before.id === null) out += `new file mode ${after.mode}\n`;
  else if (after.id === null) out += `deleted file mode ${before.mode}\n`;
  else if (before.mode !== after.mode) out += `old mode ${before.mode}\nnew mode ${after.mode}\n`;
  if (before.id !== after.id)
    out += `index ${before.id ?? nullId}..${after.id ?? nullId}${before.mode === after.mode ? ` ${after.mode}` : ''}\n`;
  return out;
}

/**
 * The lines `git show --cc MERGE -- PATH` writes before the hunks of a merge's combined diff: `diff --cc`, `index`
 * with each parent's id and the merge's, the modes where they differ, then `---` and `+++`.
 */
export function gitCombinedHeader(
  path: string,
  parents: readonly HeaderSide[],
  merge: HeaderSide,
  nullId: string,
  quotePath = true,
  prefixes: DiffPrefixes = GIT_PREFIXES,
): string {
  let out = `diff --cc ${quotedPath('', path, quotePath)}\nindex ${parents.map((p) => p.id ?? nullId).join(',')}..${merge.id ?? nullId}\n`;
  const added = merge.id !== null && parents.every((p) => p.id === null);
  const deleted = merge.id === null;
  if (parents.some((p) => p.mode !== merge.mode)) {
    if (added) out += `new file mode ${merge.mode}\n`;
    else
      out += `${deleted ? 'deleted file ' : ''}mode ${parents.map((p) => p.mode ?? '000000').join(',')}${merge.mode ? `..${merge.mode}` : ''}\n`;
  }
  out += `--- ${added ? '/dev/null' : quotedPath(prefixes.src, path, quotePath)}\n+++ ${deleted ? '/dev/null' : quotedPath(prefixes.dst, path, quotePath)}\n`;
  return out;
}
