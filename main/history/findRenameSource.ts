import { readIfPresent, type ObjectReads } from '../objects/objectReads';
import { parseTree } from '../objects/parseTree';
import { type EntryKey, entryMode, entryOid } from '../objects/entryKey';
import { identicalSource, isRegular, similarSource, type ScoredSource } from './renameChoice';
import { similarityScore, sizesCanMatch, spanHashes } from './similarity';

export interface RenameSource {
  readonly path: string;
  readonly entry: EntryKey;
}

interface FileEntry {
  path: string;
  mode: string;
  oid: string;
}

/**
 * Where `git log --follow` finds a file that appeared at `path`: git follows with copies-harder, so any file of the
 * parent tree is a source — identical content first, then the most similar at 50% or more — and a file the
 * commit deleted (a rename) is taken before one it kept (a copy). `stillThere` says whether the commit kept a path.
 */
export function* findRenameSource(
  parentTree: string,
  added: EntryKey,
  path: string,
  stillThere: (path: string) => ObjectReads<boolean>,
): ObjectReads<RenameSource | null> {
  const dst = { path, oid: entryOid(added)!, mode: entryMode(added)! };
  const files = yield* listFiles(parentTree, '');
  const deleted = function* (f: FileEntry): ObjectReads<boolean> {
    return !(yield* stillThere(f.path));
  };
  const exact = yield* identicalSource(files, dst, true, deleted);
  if (exact) return { path: exact.path, entry: `${exact.mode} ${exact.oid}` };
  if (!isRegular(dst.mode)) return null;

  const data = (yield dst.oid).data;
  const dstHashes = spanHashes(data);
  const scored: ScoredSource<FileEntry>[] = [];
  for (const f of files) {
    let score = 0;
    // a file this copy lacks (a partial clone leaves big blobs out) cannot be told alike: git stops there, Strata goes on
    const src = isRegular(f.mode) ? (yield* readIfPresent(f.oid))?.data : undefined;
    if (src && sizesCanMatch(src.length, data.length)) score = similarityScore(src, data, dstHashes);
    scored.push({ source: f, score });
  }
  const best = yield* similarSource(scored, path, true, deleted);
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
