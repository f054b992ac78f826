import type { ChangeStatus } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import type { CommitTable } from '../objects/commitTable';
import { asFileChange, type EntryKey, entryMode, entryOid, isFolderEntry } from '../objects/entryKey';
import type { ObjectReads } from '../objects/objectReads';
import type { PositionEntries } from '../index/positionEntries';
import type { TopLevelChanges } from '../index/topLevelChanges';
import { CommitHeap } from './commitHeap';
import { keptFromFirstParent } from './keptFromFirstParent';
import { findRenameSource, renameFromFolder } from './findRenameSource';
import type { PathEntryLookup } from './pathEntries';

export interface HistoryHit {
  readonly oid: string;
  readonly status: ChangeStatus;
  readonly path: string;
  readonly oldPath?: string;
  readonly entry: EntryKey;
  /** The entry in the first parent the change is measured against (at oldPath for a rename). */
  readonly parentEntry: EntryKey;
}

export interface WalkOptions {
  /** git's commit-graph or Strata's commit index: parents, times and root trees by position. */
  readonly table: CommitTable;
  /** Where the walk starts (a position in the table). */
  readonly head: number;
  readonly path: string;
  readonly follow: boolean;
  /** Positions a shallow clone was cut at: git takes them for roots (their parents are not there). */
  readonly shallow?: ReadonlySet<number>;
  /**
   * With `follow`, a range's bottom (`git log --follow A..B`): nonzero at every position A reaches, which is neither
   * walked nor listed (--follow simplifies nothing; without it, walkRangeHistory replays git's limited walk).
   */
  readonly excluded?: Uint8Array;
  readonly lookup: PathEntryLookup;
  /** The path's entry by position: what is there is used, what is looked up is added. */
  readonly entries: PositionEntries;
  /** Top-level change sets learned for this table (Strata's own index): commits they rule out are not read. */
  readonly topLevel?: TopLevelChanges;
  readonly signal?: AbortSignal;
  readonly onProgress?: (visited: number) => void;
  /** Every few hundred commits taken: the commits found so far, in the list's order (read them before the walk goes on). */
  readonly onHits?: (hits: readonly HistoryHit[], visited: number) => void;
  /** An object's size without reading it (the store's objectSize): --follow's rename search weighs sizes first. */
  readonly sizeOf?: (oid: string) => number | null;
  /** git log --since (git's max_age), seconds: a commit of an older committer date is neither listed nor walked past. */
  readonly since?: number;
  /** git log --until (git's min_age), seconds: a commit of a newer committer date is walked past but not listed. */
  readonly until?: number;
  /**
   * git log --first-parent: only first parents are walked, and a commit (a merge too) is compared with its first parent
   * alone; with `excluded` (a range's bottom), a merge whose first parent the bottom reaches is the same as its
   * parents where its second one is not reached (git's relevant parents).
   */
  readonly firstParent?: boolean;
  /** With `excluded`: the range's bottom itself, a relevant parent though excluded (git's BOTTOM flag). */
  readonly bottom?: number;
}

/** With --follow: a commit where the file appeared and the search for its source lacked content (findRenameSource). */
export interface RenameGap {
  readonly oid: string;
  /** The path that appeared there. */
  readonly path: string;
  readonly lacking: readonly string[];
}

export interface WalkResult {
  readonly hits: HistoryHit[];
  /** Commits taken from the queue (each once). */
  readonly visited: number;
  /** With --follow, where a rename search went on without content this copy lacks, newest first. */
  readonly renameGaps: RenameGap[];
}

/** How often (commits taken) the walk says how far it is, and (more often: it decides by the clock) what it has found. */
const PROGRESS_EVERY = 4096;
const HITS_EVERY = 256;

/**
 * The commits that changed a path, as `git log -- <path>` lists them: one walk
 * by committer date (git's order, revision.c) over a commit table, with git's
 * default history simplification (a commit the same as one of its parents at
 * the path is dropped, and only that parent is followed; a changed-path Bloom
 * filter or a learned change set that rules the path out means the same as the
 * first parent). With `follow`, what `git log --follow` lists: every commit is
 * walked (those the filters or change sets rule out without a tree read), merges
 * are not shown, and an addition found to be a rename or copy switches the path
 * followed.
 * Written once as ObjectReads: it yields the trees and blobs it needs read, so
 * a synchronous store and an asynchronous one drive the same walk.
 */
export function* walkFileHistory(o: WalkOptions): ObjectReads<WalkResult> {
  const t = o.table;
  const heap = new CommitHeap();
  const seen = new Uint8Array(t.count);
  const hits: HistoryHit[] = [];
  const renameGaps: RenameGap[] = [];
  const keys = !o.follow && t.bloomKeys && t.maybeChangedAt ? t.bloomKeys(o.path) : null;
  const parts = o.path.split('/');
  // --follow: the path followed changes at each rename
  const followedKept = keptFromFirstParent(t, o.topLevel ?? null);
  const parentsOf = (pos: number): readonly number[] => {
    const parents = walkedParents(t, pos, o.shallow);
    return o.firstParent && parents.length > 1 ? parents.slice(0, 1) : parents;
  };
  const excluded = o.excluded;
  const queue = (pos: number): void => {
    if (seen[pos] || excluded?.[pos]) return;
    seen[pos] = 1;
    heap.push(pos, t.timeAt(pos));
  };
  // the path's entry at a position, kept by position for the path asked (a renamed path of --follow is looked up);
  // known: what entries has there (null is an answer: absent), so the look-up generator is made only when needed
  const known = (pos: number, path: string): EntryKey | undefined => (path === o.path ? o.entries.get(pos) : undefined);
  const lookUp = function* (pos: number, path: string): ObjectReads<EntryKey> {
    const e = yield* o.lookup.lookUp(t.treeAt(pos), path);
    if (path === o.path) o.entries.set(pos, e);
    return e;
  };

  let path = o.path;
  let visited = 0;
  queue(o.head);
  for (let pos = heap.pop(); pos !== undefined; pos = heap.pop()) {
    if (++visited % HITS_EVERY === 0) {
      if (visited % PROGRESS_EVERY === 0) {
        if (o.signal?.aborted) throw new StrataError('Cancelled', 'Indexing was cancelled; what was indexed before is kept.');
        o.onProgress?.(visited);
      }
      o.onHits?.(hits, visited);
    }
    // git's walk stops at an older commit, whatever is behind it (revision.c's get_revision_1)
    if (o.since !== undefined && t.timeAt(pos) < o.since) continue;
    const listed = o.until === undefined || t.timeAt(pos) <= o.until;
    const parents = parentsOf(pos);
    if (o.follow) {
      for (const p of parents) queue(p);
      if (parents.length > 1) continue; // git log shows no diff for merges, so --follow never lists them
      // a commit --until leaves out is not diffed either: a rename there is not followed
      if (!listed) continue;
      // the filters or change sets say the path is as in the parent: nothing to list, nothing renamed
      if (parents.length === 1 && followedKept(pos, path)) continue;
      const cached = known(pos, path);
      const atPath = cached !== undefined ? cached : yield* lookUp(pos, path);
      const first = parents[0];
      const cachedParent = first === undefined ? null : known(first, path);
      const atParent = cachedParent !== undefined ? cachedParent : yield* lookUp(first!, path);
      if (atPath === atParent) continue;
      const entry = asFileChange(atParent, atPath)[1];
      // git looks for a rename only where the path's one change is its addition (tree-diff.c's diff_might_be_rename):
      // a file that came where a folder was (whose files the commit deleted) is not followed into them
      if (atParent === null && entry !== null && first !== undefined) {
        const tree = t.treeAt(pos);
        // a folder where the file was is no file kept: the file was renamed (or deleted)
        const kept = function* (p: string): ObjectReads<boolean> {
          const e = yield* o.lookup.lookUp(tree, p);
          return e !== null && !isFolderEntry(e);
        };
        const { source, lacking } = yield* findRenameSource({
          parentTree: t.treeAt(first),
          added: entry,
          path,
          stillThere: kept,
          ...(o.sizeOf ? { sizeOf: o.sizeOf } : {}),
        });
        if (lacking.length > 0) renameGaps.push({ oid: t.oidAt(pos), path, lacking });
        if (source) {
          const stillThere = yield* kept(source.path);
          hits.push({ oid: t.oidAt(pos), status: stillThere ? 'C' : 'R', path, oldPath: source.path, entry, parentEntry: source.entry });
          path = source.path;
          continue;
        }
      }
      hits.push(yield* changeHit(t.oidAt(pos), path, atParent, atPath));
      continue;
    }

    if (parents.length > 0 && ((keys && t.maybeChangedAt!(pos, keys) === false) || o.topLevel?.maybeChanged(pos, parts) === false)) {
      queue(parents[0]!);
      continue;
    }
    const cached = o.entries.get(pos);
    const entry = cached !== undefined ? cached : yield* lookUp(pos, path);
    let follow = parents;
    let treesame = false;
    if (parents.length === 0) treesame = entry === null;
    else if (o.firstParent) {
      const first = parents[0]!;
      const c = o.entries.get(first);
      treesame = (c !== undefined ? c : yield* lookUp(first, path)) === entry;
      // revision.c's try_to_simplify_commit, which stops after the first parent but has counted the second as relevant
      const relevant = (p: number) => !excluded?.[p] || p === o.bottom;
      const second = t.parentsAt(pos)[1];
      if (!treesame && !relevant(first) && second !== undefined && relevant(second)) treesame = true;
    } else {
      for (const p of parents) {
        const c = o.entries.get(p);
        if ((c !== undefined ? c : yield* lookUp(p, path)) === entry) {
          follow = [p];
          treesame = true;
          break;
        }
      }
    }
    for (const p of follow) queue(p);
    if (!treesame && listed) {
      const c = parents.length ? o.entries.get(parents[0]!) : null;
      hits.push(yield* changeHit(t.oidAt(pos), path, c !== undefined ? c : yield* lookUp(parents[0]!, path), entry));
    }
  }
  o.onProgress?.(visited);
  return { hits, visited, renameGaps };
}

/** A commit's parents as a walk takes them: none at a shallow clone's cut; one the repository lacks is an error. */
export function walkedParents(t: CommitTable, pos: number, shallow: ReadonlySet<number> | undefined): readonly number[] {
  if (shallow?.has(pos)) return [];
  const parents = t.parentsAt(pos);
  for (const p of parents) {
    if (p < 0 || t.knownAt?.(p) === false) {
      throw new StrataError(
        'ObjectMissing',
        `${t.oidAt(pos)} names a parent this repository does not have (a partial or damaged clone?). Fetch the repository again.`,
      );
    }
  }
  return parents;
}

/**
 * The hit of a commit that changed the path. A file that came where a folder of its name was is, as git's log shows
 * it (its pathspec holds the folder's files), a rename from one of them where git's rename detection pairs one,
 * else an addition; a file a folder replaced, a deletion (asFileChange).
 */
export function* changeHit(oid: string, path: string, atParent: EntryKey, atCommit: EntryKey): ObjectReads<HistoryHit> {
  const [parentEntry, entry] = asFileChange(atParent, atCommit);
  if (parentEntry === null && entry !== null && isFolderEntry(atParent)) {
    const source = yield* renameFromFolder(entryOid(atParent)!, path, entry);
    if (source) return { oid, status: 'R', path, oldPath: source.path, entry, parentEntry: source.entry };
  }
  return { oid, status: statusOf(parentEntry, entry), path, entry, parentEntry };
}

export function statusOf(before: EntryKey, after: EntryKey): ChangeStatus {
  if (before === null) return 'A';
  if (after === null) return 'D';
  const a = entryMode(before);
  const b = entryMode(after);
  return a !== b && (a === '120000' || b === '120000' || a === '160000' || b === '160000') ? 'T' : 'M';
}
