import { readIfPresent, type ObjectReads } from '../objects/objectReads';
import { parseTree } from '../objects/parseTree';
import { type EntryKey, entryMode, entryOid } from '../objects/entryKey';
import {
  allDeleted,
  BASENAME_MIN_SCORE,
  identicalSource,
  isRegular,
  sameNamedSource,
  similarSource,
  type RenameCandidate,
  type ScoredSource,
} from './renameChoice';
import { similarityScore, sizesCanMatch, spanHashes } from './similarity';

export interface RenameSource {
  readonly path: string;
  readonly entry: EntryKey;
}

/** What the search found, and the files it could not read (a partial or damaged clone lacks them). */
export interface RenameSearch {
  readonly source: RenameSource | null;
  /**
   * Paths whose content this copy lacks and that could have changed what was found: the added file's own (then
   * alone: nothing can be told alike without it), else files of the parent.
   */
  readonly lacking: readonly string[];
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
 * Content this copy lacks cannot be told alike: git stops there ("unable to read", or fetches it in a partial
 * clone), Strata goes on without it and names what it lacked, since the source it finds (or its finding none) may
 * then not be git's.
 */
export interface RenameSearchOptions {
  /** The first parent's root tree: every file of it is a source. */
  readonly parentTree: string;
  /** The file that appeared, and where. */
  readonly added: EntryKey;
  readonly path: string;
  /** Whether the commit kept a path of the parent (a copy's source) or deleted it (a rename's). */
  readonly stillThere: (path: string) => ObjectReads<boolean>;
  /** An object's size without reading it (null: not here), where the store can tell: files whose sizes cannot match are not read. */
  readonly sizeOf?: (oid: string) => number | null;
}

export function* findRenameSource(o: RenameSearchOptions): ObjectReads<RenameSearch> {
  const { parentTree, added, path, stillThere } = o;
  const dst = { path, oid: entryOid(added)!, mode: entryMode(added)! };
  const files = yield* listFiles(parentTree, '');
  const deleted = function* (f: FileEntry): ObjectReads<boolean> {
    return !(yield* stillThere(f.path));
  };
  const exact = yield* identicalSource(files, dst, true, deleted);
  if (exact) return { source: { path: exact.path, entry: `${exact.mode} ${exact.oid}` }, lacking: [] };
  if (!isRegular(dst.mode)) return { source: null, lacking: [] };

  const data = (yield* readIfPresent(dst.oid))?.data;
  if (!data) return { source: null, lacking: [path] };
  const dstHashes = spanHashes(data);
  const scored: ScoredSource<FileEntry>[] = [];
  const lacking: FileEntry[] = [];
  for (const f of files) {
    let score = 0;
    if (isRegular(f.mode)) {
      // by size first, as git weighs them (a kernel tree's 70,000 files are not read for one rename)
      const size = o.sizeOf?.(f.oid);
      if (size === null) lacking.push(f);
      else if (size === undefined || sizesCanMatch(size, data.length)) {
        const src = (yield* readIfPresent(f.oid))?.data;
        if (src === undefined) lacking.push(f);
        else if (sizesCanMatch(src.length, data.length)) score = similarityScore(src, data, dstHashes);
      }
    }
    scored.push({ source: f, score });
  }
  const best = yield* similarSource(scored, path, true, deleted);
  const source = best ? { path: best.path, entry: `${best.mode} ${best.oid}` } : null;
  // a file the commit deleted (a rename) at 50% or more is taken before any it kept, unless four kept files score
  // higher: with a rename found, files it kept that this copy lacks are not named (a partial clone lacks most of a
  // tree, and four copies more alike than the file's own source is not what histories hold)
  const gone: string[] = [];
  for (const f of lacking) if (!source || (yield* deleted(f))) gone.push(f.path);
  return { source, lacking: gone };
}

/**
 * git's own name for a file that came where a folder of its name was (`git log -- x`, whose pathspec holds the
 * folder's files, which the commit deleted): a rename from one of them, as its rename detection pairs them
 * (renameAmongDeleted), or none.
 */
export function* renameFromFolder(folderTree: string, path: string, added: EntryKey): ObjectReads<RenameSource | null> {
  const files = yield* listFiles(folderTree, `${path}/`);
  const source = yield* renameAmongDeleted(files, { path, oid: entryOid(added)!, mode: entryMode(added)! });
  return source ? { path: source.path, entry: `${source.mode} ${source.oid}` } : null;
}

/**
 * The file git's rename detection (-M, renames only) pairs with `dst` among files the commit deleted: identical
 * content first, else the only one of the same name where it is 75% alike, else the most alike at 50% or more
 * (renameChoice.ts); none where the added file is not here to compare (a partial clone).
 */
export function* renameAmongDeleted<T extends RenameCandidate>(deleted: readonly T[], dst: RenameCandidate): ObjectReads<T | null> {
  const exact = yield* identicalSource(deleted, dst, false, allDeleted);
  if (exact) return exact;
  if (!isRegular(dst.mode)) return null;
  const data = (yield* readIfPresent(dst.oid))?.data;
  if (!data) return null;
  const dstHashes = spanHashes(data);
  const scoreOf = function* (f: T, min?: number): ObjectReads<number> {
    if (!isRegular(f.mode)) return 0;
    const src = (yield* readIfPresent(f.oid))?.data; // null: this copy lacks it (a partial clone)
    return src && sizesCanMatch(src.length, data.length, min) ? similarityScore(src, data, dstHashes) : 0;
  };
  const named = sameNamedSource(deleted, dst.path);
  if (named && (yield* scoreOf(named, BASENAME_MIN_SCORE)) >= BASENAME_MIN_SCORE) return named;
  const scored: ScoredSource<T>[] = [];
  for (const f of deleted) scored.push({ source: f, score: yield* scoreOf(f) });
  return yield* similarSource(scored, dst.path, false, allDeleted);
}

/** Every file under a tree; `out` is filled as it goes (a subtree's list spread into a call overflows the stack past ~150,000 files). */
function* listFiles(tree: string, prefix: string, out: FileEntry[] = []): ObjectReads<FileEntry[]> {
  const obj = yield tree;
  for (const e of parseTree(obj.data)) {
    const p = prefix + e.name;
    if (e.mode === '040000') yield* listFiles(e.oid, `${p}/`, out);
    else if (e.mode !== '160000') out.push({ path: p, mode: e.mode, oid: e.oid });
  }
  return out;
}
