import type { ObjectReads } from '../objects/objectReads';
import { parseTree } from '../objects/parseTree';
import { type EntryKey, entryMode, entryOid } from '../objects/entryKey';
import { DEFAULT_MIN_SCORE, similarityScore, sizesCanMatch, spanHashes } from './similarity';

export interface RenameSource {
  readonly path: string;
  readonly entry: EntryKey;
}

interface FileEntry {
  path: string;
  mode: string;
  oid: string;
}

const isRegular = (mode: string): boolean => mode === '100644' || mode === '100755';

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Where `git log --follow` finds a file that appeared at `path`: any file of the
 * parent tree (git follows with copies-harder), identical content first, then the
 * most similar at 50% or more.
 */
export function* findRenameSource(parentTree: string, added: EntryKey, path: string): ObjectReads<RenameSource | null> {
  const dstOid = entryOid(added)!;
  const dstMode = entryMode(added)!;
  const files = yield* listFiles(parentTree, '');
  const name = basename(path);

  // Exact: git's hash chain yields the last-listed source first; a same-named one wins.
  let exact: FileEntry | null = null;
  let exactScore = -1;
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i]!;
    if (f.oid !== dstOid || isRegular(f.mode) !== isRegular(dstMode)) continue;
    const score = basename(f.path) === name ? 1 : 0;
    if (score > exactScore) {
      exact = f;
      exactScore = score;
    }
  }
  if (exact) return { path: exact.path, entry: `${exact.mode} ${exact.oid}` };
  if (!isRegular(dstMode)) return null;

  const dst = (yield dstOid).data;
  const dstHashes = spanHashes(dst);
  let best: FileEntry | null = null;
  let bestScore = -1;
  let bestNameScore = -1;
  for (const f of files) {
    if (!isRegular(f.mode)) continue;
    const src = (yield f.oid).data;
    if (!sizesCanMatch(src.length, dst.length)) continue;
    const score = similarityScore(src, dst, dstHashes);
    if (score < DEFAULT_MIN_SCORE) continue;
    const nameScore = basename(f.path) === name ? 1 : 0;
    if (score > bestScore || (score === bestScore && nameScore > bestNameScore)) {
      best = f;
      bestScore = score;
      bestNameScore = nameScore;
    }
  }
  return best ? { path: best.path, entry: `${best.mode} ${best.oid}` } : null;
}

function* listFiles(tree: string, prefix: string): ObjectReads<FileEntry[]> {
  const out: FileEntry[] = [];
  const obj = yield tree;
  for (const e of parseTree(obj.data)) {
    const p = prefix + e.name;
    if (e.mode === '040000') out.push(...(yield* listFiles(e.oid, `${p}/`)));
    else if (e.mode !== '160000') out.push({ path: p, mode: e.mode, oid: e.oid });
  }
  return out;
}
