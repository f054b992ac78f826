import fs from 'node:fs';
import { graphEntries } from '../history/graphEntries';
import type { BlameLine } from '../../shared/blame';
import { StrataError } from '../../shared/errors';
import { asBuffer, splitRecords } from '../diff/lineRecords';
import { LineInterner, type InternedLines } from '../diff/internedLines';
import { LineSet } from './lineSet';
import { StoredPairs } from './storedLineMaps';
import { guessIgnoredLines } from './guessIgnoredLines';
import { lineMapOf, olderLineCount, preparedPair, splitRun, type PreparedPair } from './preparedPair';
import { diffTrees } from '../history/diffTrees';
import { CommitHeap } from '../history/commitHeap';
import { keptFromFirstParent } from '../history/keptFromFirstParent';
import { PathEntryLookup } from '../history/pathEntries';
import { entryMode, entryOid, isFolderMode, type EntryKey } from '../objects/entryKey';
import { renameAmongDeleted } from '../history/findRenameSource';
import { readAll } from '../objects/objectReads';
import type { ObjectStore } from '../objects/objectStore';
import type { Repository } from '../repository/repository';
import { openCommitTable } from '../history/openCommitTable';
import type { CommitTable } from '../objects/commitTable';
import { PositionEntries } from '../index/positionEntries';
import { TopLevelChanges } from '../index/topLevelChanges';
import { resolveRevision } from '../objects/resolveRevision';
import { StoredAnswers, type BlameAnswers, type Resolved } from './storedAnswers';
import { isAsciiAlnum, splitSmall, takeBlocks, type BlockDiff, type BlocksTaken } from './movedLines';
import { copySources } from './copySources';
import { DEFAULT_MOVE_SCORE } from '../../shared/blame';
import type { LineRecords } from '../diff/lineRecords';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { HeldVersions } from './heldVersions';
import { limitedWalkMarks } from '../history/limitedWalkMarks';

export interface BlameOptions {
  readonly repo: Repository;
  readonly path: string;
  /** Branch, tag or commit; HEAD by default. */
  readonly rev?: string;
  /**
   * `A..rev`: A, a commit id. The commits A reaches are left out, as `git blame A..B` leaves them (as git's
   * limited walk has marked them): a line whose history leads there stays with the first of them it reaches,
   * the boundary (`boundary` on the line; git's ^).
   */
  readonly bottom?: string;
  /**
   * `--since`, seconds: a commit of an older committer date keeps the lines it is reached with (git's boundary, as
   * blame.c's assign_blame takes it), and its parents are left out as a range's are.
   */
  readonly since?: number;
  /** git blame --first-parent: at a merge, lines are passed to the first parent alone (what the merge brought in stays with it). */
  readonly firstParent?: boolean;
  /** How the user named rev (a caller that resolved it first), for messages. */
  readonly revName?: string;
  /** `-w`: whitespace changes do not make a line new. */
  readonly ignoreWhitespace?: boolean;
  /** `git blame --minimal`: each diff searched to the end, not cut off where xdiff's cost heuristics stop a long search. */
  readonly minimal?: boolean;
  /** false: as git blames with `diff.indentHeuristic = false` (a change that could slide is placed without it). */
  readonly indentHeuristic?: boolean;
  /**
   * `--ignore-rev`: commits (full ids) whose changes are passed over: the lines such a commit changed go on
   * to the parent's line git's guess matches them with (guessIgnoredLines), and stay with it where none is found.
   */
  readonly ignoreRevs?: ReadonlySet<string>;
  /**
   * `-M<score>`: lines a commit moved within the file (a block scoring more than `score`: blockScore) are passed
   * on to where they were in the parent, as git's blame -M finds them. Unset: no move search (git's default).
   */
  readonly moveScore?: number;
  /**
   * `-C<score>` given `level` times: lines copied from other files of a parent are followed there (blocks scoring
   * more than `score`): files the commit changed or deleted; with level 2 every file of the parent where the
   * commit created the file (or renamed it); with level 3 every file, always. Implies -M, as in git.
   */
  readonly copies?: { readonly level: 1 | 2 | 3; readonly score: number };
  /** What is kept between calls (the repository handle's by default), so blaming the version before is nearly free. */
  readonly cache?: BlameCache;
  /** `-L`: only these lines of the version (0-based, end excluded), as git blames only them; the answer is theirs. */
  readonly range?: { readonly start: number; readonly end: number };
  /** Several `-L` (in order, none touching another: git's merged set), as range is one; the answer is theirs, in order. */
  readonly ranges?: readonly { readonly start: number; readonly end: number }[];
  readonly signal?: AbortSignal;
  /** Hears the blame's answer and the versions it went through (git's default options, the whole file only): what prepareLineMaps keeps. */
  readonly onAnswers?: (answers: BlameAnswers) => void;
}

/** Lines of a version (0-based) on their way to the commit that introduced them; `final` is a line at rev. */
interface Suspect {
  readonly pos: number;
  readonly path: string;
  readonly blob: string;
  readonly mode: string;
  lines: LineSet;
}

/**
 * What blame keeps from one run to the next on a repository handle: the file's entry per commit (by
 * position in the commit table), and for each pair of blobs diffed, where every line of the newer one came
 * from in the older (-1: changed). Line maps are bounded by entries, oldest dropped first.
 */
export class BlameCache {
  readonly lineMaps = new Map<string, PreparedPair>();
  /**
   * Blame's diffs of a file's version pairs made ahead of a blame (prepareLineMaps: the pairs of a timeline),
   * by `older:newer`, as their changes: a few integers a pair where a line map is one a line.
   */
  readonly prepared = new Map<string, PreparedPair>();
  /** Diffs blame made itself (neither kept nor prepared): what a prepared timeline saves, for tests and the bench. */
  diffsMade = 0;
  /** The most versions the last blame held at once (HeldVersions): for tests and the bench. */
  versionsHeld = 0;
  /** The stored pairs read (prepareLineMaps writes one file a path), by file. */
  private readonly storedPairs = new FilesRead<StoredPairs | null>();

  /** Reads the pairs stored in `file`, once per version of the file: `preparedPair` then finds them. */
  readStored(file: string): void {
    this.storedPairs.read(file, '', () => StoredPairs.read(file));
  }

  /** A pair of versions (`older`, `newer`) prepared: in this process, else stored (and kept here once read). */
  preparedPair(older: string, newer: string): PreparedPair | undefined {
    const key = `${older}:${newer}`;
    const here = this.prepared.get(key);
    if (here) return here;
    for (const pairs of this.storedPairs.values()) {
      const found = pairs?.pair(older, newer);
      if (found) return this.rememberPair(this.prepared, key, found);
    }
    return undefined;
  }
  /** Blames kept on disk (prepareLineMaps keeps one a path), by file. */
  private readonly storedAnswers = new FilesRead<StoredAnswers | null>();

  /** Reads the blame kept in `file` (found under the shallow boundary `shallow`), once per version of the file. */
  readAnswers(file: string, shallow: string): void {
    this.storedAnswers.read(file, shallow, () => StoredAnswers.read(file, shallow));
  }

  /** The answer of a blame kept on disk of `oid` at `path` (git's default options), where one is. */
  keptAnswer(oid: string, path: string): readonly BlameLine[] | null {
    for (const answers of this.storedAnswers.values()) {
      const found = answers?.rootOf(oid, path);
      if (found) return found;
    }
    return null;
  }

  /** What earlier blames found for the lines of a version (`options:commit:path`): those of this process, then those kept on disk. */
  resolvedAt(key: string): readonly Resolved[] | undefined {
    const here = this.resolved.get(key);
    if (!key.startsWith(':') || this.storedAnswers.size === 0) return here;
    const version = key.slice(1);
    let out = here;
    for (const answers of this.storedAnswers.values()) {
      const found = answers?.resolvedAt(version);
      if (found) out = out ? [...out, found] : [found];
    }
    return out;
  }

  /** Lines as ids, shared by the versions blame reads: its diffs compare integers (started afresh when full). */
  interner = new LineInterner();
  /** The same for `-w`'s diffs: lines equal but for whitespace share an id. */
  wsInterner = new LineInterner(true);
  /**
   * Per version a blame passed through (options, commit, path): the answer found for each of its lines that
   * was followed, by its line number there. A line's answer depends only on where it is, so a later blame
   * that reaches the same line (the version before, blamed next) takes it from here.
   */
  readonly resolved = new Map<string, Resolved[]>();
  private resolvedInts = 0;

  rememberResolved(key: string, r: Resolved): void {
    const list = this.resolved.get(key);
    if (list) list.push(r);
    else this.resolved.set(key, [r]);
    this.resolvedInts += r.size;
    if (this.resolvedInts <= this.maxResolvedInts) return;
    // the oldest first, in one pass: a Map's iterator starts again past every entry deleted before it
    for (const [oldest, dropped] of this.resolved) {
      if (this.resolvedInts <= this.maxResolvedInts || this.resolved.size <= 1) break;
      this.resolved.delete(oldest);
      for (const d of dropped) this.resolvedInts -= d.size;
    }
  }
  private readonly entries = new Map<string, { table: TableKey; entries: PositionEntries }>();
  constructor(
    readonly maxEntries = 20000,
    readonly maxResolvedInts = 16_000_000,
  ) {}

  remember<V>(map: Map<string, V>, key: string, value: V): V {
    if (map.size >= this.maxEntries) map.delete(map.keys().next().value as string);
    map.set(key, value);
    return value;
  }

  /** Lines of blobs a kept pair of versions (`older:newer`, not `-w`'s) tells: a blame at a version reads its count here. */
  private readonly lineCounts = new Map<string, number>();

  /** remember, for a pair of versions: the line counts of both go with it. */
  rememberPair(map: Map<string, PreparedPair>, key: string, pair: PreparedPair): PreparedPair {
    const [older, newer, ws] = key.split(':');
    if (!ws && older && newer) {
      if (this.lineCounts.size >= this.maxEntries * 2) this.lineCounts.clear();
      this.lineCounts.set(newer, pair.count);
      this.lineCounts.set(older, olderLineCount(pair));
    }
    return this.remember(map, key, pair);
  }

  /** The number of lines of a blob, where a kept pair tells it. */
  lineCountOf(blob: string): number | undefined {
    const here = this.lineCounts.get(blob);
    if (here !== undefined) return here;
    for (const pairs of this.storedPairs.values()) {
      const found = pairs?.lineCountOf(blob);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private topLevel: { table: TableKey; changes: TopLevelChanges } | null = null;

  /** The learned change sets of this table, read once per table. */
  topLevelFor(table: TableKey, load: () => TopLevelChanges): TopLevelChanges {
    if (this.topLevel?.table !== table) this.topLevel = { table, changes: load() };
    return this.topLevel.changes;
  }

  /** The path's entries by position in this table: kept while the table is the same, else read from the index. */
  entriesFor(path: string, table: TableKey, load: () => PositionEntries): PositionEntries {
    const known = this.entries.get(path);
    if (known && known.table === table) return known.entries;
    const entries = load();
    if (this.entries.size >= 64) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(path, { table, entries });
    return entries;
  }
}

/** Which commit table positions refer to: Strata's commit index by its anchor and size (loaded anew per call), else git's graph. */
type TableKey = string | CommitTable;

const typeOf = (mode: string) => (mode === '120000' ? 'link' : mode === '160000' ? 'gitlink' : isFolderMode(mode) ? 'folder' : 'file');

/** What was read of files on disk (at most 16), by file: read again when the file or what it was read under changed. */
class FilesRead<T> {
  private readonly read_ = new Map<string, { mtime: number; under: string; value: T }>();

  get size(): number {
    return this.read_.size;
  }

  read(file: string, under: string, read: () => T): void {
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      this.read_.delete(file);
      return;
    }
    const known = this.read_.get(file);
    if (known?.mtime === mtime && known.under === under) return;
    if (this.read_.size >= 16) this.read_.delete(this.read_.keys().next().value as string);
    this.read_.set(file, { mtime, under, value: read() });
  }

  *values(): IterableIterator<T> {
    for (const { value } of this.read_.values()) yield value;
  }
}

/** A kept answer for the line it is at in this blame (a kept answer has no marks: none is kept with ignored revisions). */
function atLine(l: BlameLine, line: number): BlameLine {
  return l.previous
    ? { line, oid: l.oid, origLine: l.origLine, origPath: l.origPath, previous: l.previous }
    : { line, oid: l.oid, origLine: l.origLine, origPath: l.origPath };
}

/** The shallow boundary as blame's kept answers name it: its commits, sorted, joined (empty in a full clone). */
export function shallowStamp(shallow: ReadonlySet<string>): string {
  return [...shallow].sort().join(',');
}

/** The blame cache kept on a repository handle. */
export function blameCacheOf(repo: Repository): BlameCache {
  return repo.kept.get('blame', () => new BlameCache());
}

/**
 * `git blame <rev> -- <path>` with git's default options: each line goes from a commit to the first parent
 * holding the same file (the whole file at once), else to each parent in turn whose diff keeps the line;
 * where the path is missing in a parent, a file the commit deleted and git calls its source (same content,
 * else 50% similar or more) is followed instead. The diffs are git's own (blame's: no context, indent
 * heuristic on, the common tail trimmed), so every line lands where git's lands.
 * The walk runs over the commit table (parents and times without reading commits) and the file's entry per
 * commit from the file-history index: a commit whose changed paths (learned change sets, git's Bloom
 * filters) rule the file out hands every line to its first parent without a tree being read.
 */
export type { BlameLine };

/**
 * Blame keeps the entries it looked up where it looked up at least this many (see the end of blameFile): fewer cost
 * less than the file's writing. A test sets it to 0 to have them kept on a small repository.
 */
export const keepEntriesFrom = { lookups: 1000 };

export async function blameFile(options: BlameOptions): Promise<BlameLine[]> {
  const { repo } = options;
  const { store, index } = repo;
  const cache = options.cache ?? blameCacheOf(repo);
  const ignoreWs = options.ignoreWhitespace ?? false;
  const indentHeuristic = options.indentHeuristic ?? true;
  const minimal = options.minimal ?? false;
  // git's default diff (what is kept and prepared ahead is of it), or another: -w, no indent heuristic, --minimal
  const variant = `${ignoreWs ? 'w' : ''}${indentHeuristic ? '' : 'i'}${minimal ? 'm' : ''}`;
  const plain = variant === '';
  const head = await resolveRevision(repo, options.rev ?? 'HEAD');
  const shallowSet = await store.shallowCommits();
  const ignoreRevs = options.ignoreRevs ?? new Set<string>();
  const copies = options.copies;
  const moveScore = options.moveScore ?? (copies ? DEFAULT_MOVE_SCORE : undefined);
  // blame -M and -C diff each block of lines as git's entries cut them: runs are not joined then
  const newSet = () => new LineSet(moveScore === undefined);
  // what is kept (answers, lines followed through a version) holds git's default blame: not blame -M's or -C's
  // (nor a range's, whose lines stop at its boundary)
  const defaults =
    ignoreRevs.size === 0 &&
    moveScore === undefined &&
    options.bottom === undefined &&
    options.since === undefined &&
    options.firstParent !== true;
  // a blame prepared ahead (prepareLineMaps) answers for its version as it stands, and for the lines older versions share with it
  const stamp = shallowStamp(shallowSet);
  cache.readAnswers(index.blameAnswersFile(options.path), stamp);
  cache.readAnswers(index.blameBeforeFile(options.path), stamp);
  const kept = plain && defaults ? cache.keptAnswer(head, options.path) : null;
  // the lines asked for, where not all of them
  const asked = options.ranges ?? (options.range ? [options.range] : undefined);
  const checkAsked = (total: number) => {
    for (const r of asked ?? [])
      if (r.start < 0 || r.end > total || r.start >= r.end)
        throw new StrataError('InvalidRequest', `${options.path} has only ${total} lines; choose a range inside it.`);
  };
  if (kept) {
    checkAsked(kept.length);
    return asked ? asked.flatMap((r) => kept.slice(r.start, r.end)) : kept.slice();
  }
  cache.readStored(index.blameMapsFile(options.path));
  const lookup = new PathEntryLookup(store, false);
  // a commit index built from nothing has the path looked up in each commit on the other core meanwhile, as a
  // first timeline does (a blame before any timeline: the command line's, on a repository opened for it)
  const { table, own, found } = await openCommitTable({
    store,
    index,
    refs: repo.refs,
    heads: options.bottom ? [head, options.bottom] : [head],
    shallow: shallowSet,
    lookAhead: { path: options.path, lookup },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const anchor = own?.anchor;
  const tableKey: TableKey = own && anchor ? `${anchor.toString('hex')}:${own.count}` : table;
  const entries = cache.entriesFor(
    options.path,
    tableKey,
    () =>
      found ??
      (own && anchor
        ? PositionEntries.load(index.positionEntriesFile(options.path), anchor, own.count)
        : graphEntries(table, options.path)),
  );
  // kept for the timeline that is opened next (it reads them rather than looking the path up again)
  if (found && own && anchor && found.dirty) await index.trySave(() => found.save(index.positionEntriesFile(options.path), anchor));
  const topLevel = own && anchor ? cache.topLevelFor(tableKey, () => TopLevelChanges.load(index.topLevelFile, anchor)) : null;
  const useTopLevel = topLevel !== null && topLevel.size > 0 && topLevel.size <= table.count;
  // per path followed (a rename's older names too, as git's blame adds their Bloom keys)
  const ruledOut = keptFromFirstParent(table, useTopLevel ? topLevel : null);
  const shallow = new Set([...shallowSet].map((oid) => table.positionOf(oid)).filter((p) => p >= 0));
  // the entries of the paths the file had before a rename, as prepareLineMaps (or a timeline of that path) found them
  const entriesUsed = new Map<string, PositionEntries>([[options.path, entries]]);
  let lookedUp = 0;
  const entriesAt = (path: string): PositionEntries => {
    const known = entriesUsed.get(path);
    if (known) return known;
    const loaded = cache.entriesFor(path, tableKey, () =>
      own && anchor ? PositionEntries.load(index.positionEntriesFile(path), anchor, own.count) : graphEntries(table, path),
    );
    entriesUsed.set(path, loaded);
    return loaded;
  };
  const entryAt = async (pos: number, path: string): Promise<EntryKey> => {
    const known = entriesAt(path);
    const e = known.get(pos);
    if (e !== undefined) return e;
    const found = await lookup.entryAt(table.treeAt(pos), path);
    known.set(pos, found);
    lookedUp++;
    return found;
  };
  /**
   * The file at this path is the same in the first parent, as the path's entries known for both say (the walk of
   * a timeline or of blame prepared found them), or the change sets or Bloom filters: without a look-up, and
   * without a wait.
   */
  const unchangedFromFirstParent = (pos: number, path: string, parent: number): boolean => {
    const known = entriesAt(path);
    const here = known.get(pos);
    if (here !== undefined && here !== null && here === known.get(parent)) return true;
    return ruledOut(pos, path);
  };
  if (cache.interner.full) cache.interner = new LineInterner();
  if (cache.wsInterner.full) cache.wsInterner = new LineInterner(true);
  const interner = ignoreWs ? cache.wsInterner : cache.interner;
  const held = new HeldVersions(async (oid) => asBuffer((await store.readObject(oid)).data), interner);
  const readBlob = (oid: string): Promise<Buffer> => held.bytesOf(oid);
  // a version is most often read to be diffed with one already read: the lines they share are taken from it
  const linesOf = (oid: string, like?: string): Promise<InternedLines> => held.linesOf(oid, like);
  /** Blame's diff of two versions, as its changes (a line map where wanted: lineMapOf). */
  const lineMap = async (older: string, newer: string): Promise<PreparedPair> => {
    const key = `${older}:${newer}:${variant}`;
    const known = cache.lineMaps.get(key);
    if (known) return known;
    const prepared = plain ? cache.preparedPair(older, newer) : undefined;
    if (prepared) return prepared;
    cache.diffsMade++;
    // (-w's interner gives lines equal but for whitespace one id: its diff is -w's)
    const diff = interner.diff(await linesOf(older, newer), await linesOf(newer, older), {
      trimCommonTail: true,
      indentHeuristic,
      minimal,
    });
    // the lines of the trimmed common tail map one to one after the diffed part
    const count = (await linesOf(newer)).records.count;
    return cache.rememberPair(cache.lineMaps, key, preparedPair(diff.changes, count));
  };

  /** Lines of `older`, a version about to be or just diffed with `newer`: from a prepared pair without reading it. */
  const lineCountOf = async (older: string, newer: string): Promise<number> => {
    const prepared = plain ? cache.preparedPair(older, newer) : undefined;
    return prepared ? olderLineCount(prepared) : (await linesOf(older, newer)).records.count;
  };

  const headPos = table.positionOf(head);
  // a range's bottom: what git's walk of the range marks as left out before it blames, and marks as it blames
  const since = options.since;
  const range =
    options.bottom || since !== undefined
      ? limitedWalkMarks(table, options.bottom ? table.positionOf(options.bottom) : null, headPos, shallow, since)
      : null;
  const entry = await entryAt(headPos, options.path);
  const kind = entry === null ? null : typeOf(entryMode(entry)!);
  const named = options.revName ?? options.rev ?? 'HEAD';
  const at = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(named) ? named.slice(0, 12) : named;
  if (kind === 'folder') throw new StrataError('PathNotInRepository', `${options.path} is a folder at ${at}; blame takes a file in it.`);
  if (kind === 'gitlink') throw new StrataError('PathNotInRepository', `${options.path} is a submodule at ${at}; blame takes a file.`);
  if (kind === null) throw new StrataError('PathNotInRepository', `${options.path} is not a file at ${at}; nothing to blame.`);
  held.pin(entryOid(entry)!);
  // the version's line count, from a kept pair where one has it (a prepared timeline: the blob is not read)
  const total = cache.lineCountOf(entryOid(entry)!) ?? splitRecords(await readBlob(entryOid(entry)!)).count;
  const result: BlameLine[] = new Array<BlameLine>(total);

  // suspects by commit (then path), taken newest first (git's order) so lines from several children meet
  const pending = new Map<number, Map<string, Suspect>>();
  const heap = new CommitHeap();
  const add = (s: Omit<Suspect, 'lines'>, lines: Suspect['lines']) => {
    if (lines.length === 0) return;
    let atCommit = pending.get(s.pos);
    if (!atCommit) {
      atCommit = new Map();
      pending.set(s.pos, atCommit);
      heap.push(s.pos, table.timeAt(s.pos));
    }
    const known = atCommit.get(s.path);
    if (known) known.lines.pushAll(lines);
    else {
      atCommit.set(s.path, { pos: s.pos, path: s.path, blob: s.blob, mode: s.mode, lines });
      held.named(s.blob);
    }
  };
  // an empty file has no lines to blame: git prints nothing (a range in it is refused below, as git refuses it)
  if (total === 0 && !asked) return [];
  checkAsked(total);
  const wanted = newSet();
  for (const r of asked ?? [{ start: 0, end: total }]) wanted.push(r.start, r.start, r.end - r.start);
  add({ pos: headPos, path: options.path, blob: entryOid(entry)!, mode: entryMode(entry)! }, wanted);

  // the versions this blame follows lines through, remembered for the next one
  const visited: { key: string; pos: number; path: string; lines: Suspect['lines'] }[] = [];
  // lines an ignored commit passed to a parent by guess (git's `ignored`, marked ? with blame.markIgnoredLines)
  const ignoredFinal = new Uint8Array(total);
  // a kept answer holds no mark of the ignored commits above the version it was found at: not kept with ignored revisions
  // (a line's answer under -M depends on the block it moves in, not on where it is alone: nothing is kept then)
  const keepAnswers = defaults;
  const optionsKey = `${variant}${[...ignoreRevs].sort().join(',')}`;
  /** Blame's diff of a parent's file and a block of the blamed version (its lines' ids taken from the version's). */
  // (not under -w, whose equal lines differ in bytes; nor where a stretch of blank lines, score 1, would count)
  const prefilter = !ignoreWs && Math.min(moveScore ?? 0, copies?.score ?? Infinity) >= 1;
  const blockDiff = async (parentBlob: string, kept = true): Promise<BlockDiff> => {
    const final = await linesOf(entryOid(entry)!);
    // (-C's other files are read for this commit only: -C -C -C reads every file of the tree, again and again)
    const data = kept ? await readBlob(parentBlob) : asBuffer((await store.readObject(parentBlob)).data);
    let parent: InternedLines | undefined = held.linesIfHeld(parentBlob);
    return (from, n) => {
      // a block none of whose lines with a letter or digit is in the file can have no stretch worth anything there
      // (the file is then neither interned nor diffed: -C reads many files that hold none of a commit's lines)
      if (prefilter && !holdsAnyLine(data, final.records, from, n)) return null;
      if (!parent) {
        parent = interner.lines(data);
        if (kept) held.keepLines(parentBlob, parent);
      }
      return interner.diff(parent, blockOf(final, from, n), { trimCommonTail: true, indentHeuristic, minimal }).changes;
    };
  };
  // the store's reads resolve without a turn of the event loop: one now and then lets a cancel in
  const turn = eventLoopTurns();
  for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
    const atCommit = pending.get(top)!;
    pending.delete(top);
    for (const suspect of atCommit.values()) {
      if (!(keepAnswers && settleKnown(suspect))) await follow(suspect, atCommit);
      held.done(suspect.blob);
    }
  }

  cache.versionsHeld = held.peak;
  // what the walk looked up is kept: the next blame of the file (or of a version before), the names it had before a
  // rename, and their timelines read it rather than reading thousands of trees again
  // (not over entries a timeline saved meanwhile: what it stored is anchored to their generation; not for a few
  // look-ups, which cost less than the file's writing: a blame with the timeline open, blame prepared ahead)
  if (own && anchor && lookedUp >= keepEntriesFrom.lookups)
    for (const [path, known] of entriesUsed) {
      const file = index.positionEntriesFile(path);
      const onDisk = PositionEntries.generationIn(file);
      if (known.dirty && (onDisk === null || onDisk === known.generation.toString('hex')))
        await index.trySave(() => known.save(file, anchor));
    }
  for (const v of visited) cache.rememberResolved(v.key, { runs: () => v.lines.flat(), size: v.lines.runs * 3, lines: result });
  if (options.onAnswers && !asked && plain && defaults)
    options.onAnswers({
      oids: [head],
      path: options.path,
      lines: result,
      versions: visited.map((v) => ({ oid: table.oidAt(v.pos), path: v.path, at: v.lines })),
    });
  return asked ? asked.flatMap((r) => result.slice(r.start, r.end)) : result;

  /** Follows a suspect from commit to commit while the file stays whole, until its lines split or meet others. */
  async function follow(suspect: Suspect, atCommit: Map<string, Suspect>): Promise<void> {
    // a suspect handed whole from parent to parent (the file the same there) goes on without the queue while it is alone
    let s = suspect;
    for (;;) {
      const turning = turn(); // (no await where none is due: this loop runs once per commit the file passes)
      if (turning) await turning;
      if (options.signal?.aborted) throw new StrataError('Cancelled', 'The blame was cancelled.');
      if (range && leftOut(s)) break;
      const all = shallow.has(s.pos) ? [] : table.parentsAt(s.pos);
      const parents = options.firstParent && all.length > 1 ? all.slice(0, 1) : all;
      const same = parents.length > 0 && unchangedFromFirstParent(s.pos, s.path, parents[0]!);
      // a version where the file may have changed, reached whole: what earlier blames found there settles lines
      // first (blame at HEAD, kept for the commit that last changed the file; "blame before" from a commit that
      // did not). It is remembered only where the file did change: a first blame, knowing nothing, calls every
      // commit "may have changed", and the lines it passes on unchanged reach the next change all the same.
      const mayChange = !same && s !== suspect && keepAnswers;
      const key = mayChange ? versionKey(s) : '';
      if (mayChange && settleKnown(s, key, false)) break;
      const whole = same ? { ...s, pos: parents[0]! } : await passOrSplit(s, parents);
      if (!whole) {
        if (mayChange) remember(s, key);
        break;
      }
      if (heap.size > 0 || atCommit.size > 1) {
        add(whole, s.lines);
        break;
      }
      s = { pos: whole.pos, path: whole.path, blob: whole.blob, mode: whole.mode, lines: s.lines };
    }
  }

  /**
   * A commit the range leaves out, reached: the suspect's lines stay with it (git's boundary), and its parents are
   * marked as left out too, as git marks them there. A commit in the range is read, and its parents with it.
   */
  function leftOut(suspect: Suspect): boolean {
    if (since !== undefined && table.timeAt(suspect.pos) < since) range!.left[suspect.pos] = 1;
    if (!range!.left[suspect.pos]) {
      range!.parsed[suspect.pos] = 1;
      for (const p of table.parentsAt(suspect.pos)) if (p >= 0) range!.parsed[p] = 1;
      return false;
    }
    range!.markParentsLeft(suspect.pos);
    const oid = table.oidAt(suspect.pos);
    suspect.lines.forEachLine((final, here) => {
      result[final] = { line: final + 1, oid, origLine: here + 1, origPath: suspect.path, boundary: true };
    });
    return true;
  }

  function versionKey(suspect: Suspect): string {
    return `${optionsKey}:${table.oidAt(suspect.pos)}:${suspect.path}`;
  }

  /** The suspect's lines left open, kept for the cache once this blame is done (a later one settles them from there). */
  function remember(suspect: Suspect, key: string): void {
    if (suspect.lines.length > 0) visited.push({ key, pos: suspect.pos, path: suspect.path, lines: suspect.lines.copy() });
  }

  /**
   * Settles the suspect's lines some earlier blame followed through this version; true when none is left.
   * Those left are remembered unless `record` is false.
   */
  function settleKnown(suspect: Suspect, key = versionKey(suspect), record = true): boolean {
    const known = cache.resolvedAt(key);
    if (known) {
      for (const k of known) {
        if (suspect.lines.length === 0) break;
        const open = newSet();
        suspect.lines.settle(
          k.runs(),
          (final, there, n) => {
            for (let j = 0; j < n; j++) result[final + j] = atLine(k.lines[there + j]!, final + j + 1);
          },
          open,
        );
        suspect.lines = open;
      }
    }
    if (record) remember(suspect, key);
    return suspect.lines.length === 0;
  }

  /** Hands the suspect's lines to its parents; returns the parent it all goes to unchanged, if one has the same file. */
  async function passOrSplit(suspect: Suspect, parents: readonly number[]): Promise<Omit<Suspect, 'lines'> | null> {
    const origins: (Omit<Suspect, 'lines'> | null)[] = parents.map(() => null);
    // git's `previous`: the first parent (same path first, then a rename) the file was found in
    let previous: Omit<Suspect, 'lines'> | null = null;
    // pass 1: the same path in each parent; pass 2: a rename, where the path is missing
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < parents.length; i++) {
        if (origins[i]) continue;
        const p = parents[i]!;
        let found: { path: string; entry: EntryKey } | null = null;
        if (pass === 0) {
          const e = await entryAt(p, suspect.path);
          if (e !== null && typeOf(entryMode(e)!) === typeOf(suspect.mode)) found = { path: suspect.path, entry: e };
        } else {
          found = await renameSource(store, table.treeAt(p), table.treeAt(suspect.pos), suspect.path, suspect.blob);
        }
        if (!found) continue;
        const origin = { pos: p, path: found.path, blob: entryOid(found.entry)!, mode: entryMode(found.entry)! };
        if (origin.blob === suspect.blob) return origin;
        previous ??= origin;
        if (!origins.some((o) => o?.blob === origin.blob)) origins[i] = origin;
      }
    }
    let remaining = suspect.lines;
    for (const origin of origins) {
      if (!origin || remaining.length === 0) continue;
      const pair = await lineMap(origin.blob, suspect.blob);
      const passed = newSet();
      const kept = newSet();
      for (let r = 0; r < remaining.runs; r++) splitRun(pair, remaining.finalOf(r), remaining.hereOf(r), remaining.lenOf(r), passed, kept);
      add(origin, passed);
      remaining = kept;
    }
    const oid = table.oidAt(suspect.pos);
    if (remaining.length > 0 && ignoreRevs.has(oid)) {
      // git passes what an ignored commit changed to its parents in a second round, each line to its guess there
      for (const origin of origins) {
        if (!origin || remaining.length === 0) continue;
        const guess = guessIgnoredLines(
          lineMapOf(await lineMap(origin.blob, suspect.blob)),
          await readBlob(origin.blob),
          await readBlob(suspect.blob),
        );
        const passed = newSet();
        const kept = newSet();
        remaining.forEachLine((f, h) => {
          const there = guess[h]!;
          if (there >= 0) {
            passed.push(f, there);
            ignoredFinal[f] = 1;
          } else kept.push(f, h);
        });
        add(origin, passed);
        remaining = kept;
      }
    }
    if (moveScore !== undefined && remaining.length > 0) remaining = await passMovesAndCopies(suspect, remaining, parents, origins);
    const before =
      previous && remaining.length > 0
        ? {
            oid: table.oidAt(previous.pos),
            path: previous.path,
            pair: await lineMap(previous.blob, suspect.blob),
            count: await lineCountOf(previous.blob, suspect.blob),
          }
        : null;
    const unblamable = ignoreRevs.has(oid);
    remaining.forEachLine((final, here) => {
      const l = { final, here };
      result[l.final] = {
        line: l.final + 1,
        oid,
        origLine: l.here + 1,
        origPath: suspect.path,
        ...(before ? { previous: { oid: before.oid, path: before.path, line: lineInParent(before.pair, before.count, l.here) } } : {}),
        ...(ignoredFinal[l.final] ? { ignored: true } : {}),
        ...(unblamable ? { unblamable: true } : {}),
      };
    });
    return null;
  }

  /**
   * blame -M and -C after the diffs (git's pass_blame): blocks too small are set aside; each parent in turn takes
   * the blocks its own version of the file holds elsewhere (-M), then the blocks other files of it hold (-C); what
   * is left stays with the commit.
   */
  async function passMovesAndCopies(
    suspect: Suspect,
    remaining: LineSet,
    parents: readonly number[],
    origins: readonly (Omit<Suspect, 'lines'> | null)[],
  ): Promise<LineSet> {
    // the blamed version's lines: -M and -C read a block's text (and score) there, as git reads its final image
    const final = (await linesOf(entryOid(entry)!)).records;
    let open: number[] = [];
    let tooSmall: number[] = [];
    splitSmall(final, moveScore!, remaining.unordered(), open, tooSmall);
    for (const origin of origins) {
      if (!origin || open.length === 0) continue;
      const found = takeBlocks(final, moveScore!, open, [await blockDiff(origin.blob)]);
      handOn(found.taken, () => origin);
      open = found.open;
      tooSmall.push(...found.tooSmall);
    }
    if (copies) {
      // the blocks -C tries: those over its own score (git sets aside again, or takes back, by the other score)
      const all = copies.score < moveScore! ? [...open, ...tooSmall] : open;
      if (copies.score !== moveScore!) {
        if (copies.score < moveScore!) tooSmall = [];
        open = [];
        splitSmall(final, copies.score, all, open, tooSmall);
      }
      for (let i = 0; i < parents.length && open.length > 0; i++) {
        const own = origins[i];
        const harder = copies.level === 3 || (copies.level === 2 && (!own || own.path !== suspect.path));
        const files = (await copySources(store, table.treeAt(parents[i]!), table.treeAt(suspect.pos), harder)).filter(
          (f) => !own || f.path !== own.path,
        );
        const diffs: BlockDiff[] = [];
        for (const f of files) {
          // -C -C -C diffs every file of the tree (a kernel's 80,000): a cancel is heard between files
          await turn();
          if (options.signal?.aborted) throw new StrataError('Cancelled', 'The blame was cancelled.');
          diffs.push(await blockDiff(f.blob, false));
        }
        const found = takeBlocks(final, copies.score, open, diffs);
        handOn(found.taken, (file) => ({ pos: parents[i]!, ...files[file]! }));
        open = found.open;
        tooSmall.push(...found.tooSmall);
      }
    }
    return LineSet.ofRuns([...tooSmall, ...open], false);
  }

  /** The blocks taken, each to the suspect of the file it was found in (`origin` by the file's index). */
  function handOn(taken: BlocksTaken['taken'], origin: (file: number) => Omit<Suspect, 'lines'>): void {
    const byFile = new Map<number, LineSet>();
    for (const t of taken) {
      let set = byFile.get(t.file);
      if (!set) byFile.set(t.file, (set = newSet()));
      set.push(t.final, t.there, t.n);
    }
    for (const [file, lines] of byFile) add(origin(file), lines);
  }
}

/**
 * The parent's line (1-based) a line the commit changed corresponds to: in the diff's hunk holding it, the
 * parent line at the same offset (the last of the hunk's where the commit added more), or for lines only
 * added, the parent line that follows the insertion. `p`: the diff of the parent's file (`parentCount` lines)
 * and the commit's; the hunk is the block of changed lines around `here`, changes that touch joined.
 */
export function lineInParent(p: PreparedPair, parentCount: number, here: number): number {
  const c = p.changes;
  const changes = c.length >> 2;
  const start2 = (k: number) => c[k * 4 + 2]!;
  const end2 = (k: number) => c[k * 4 + 2]! + c[k * 4 + 3]!;
  // the first change not wholly before the line
  let k0 = 0;
  for (let hi = changes; k0 < hi;) {
    const mid = (k0 + hi) >> 1;
    if (end2(mid) > here) hi = mid;
    else k0 = mid + 1;
  }
  let blockStart = k0 < changes ? Math.min(start2(k0), here) : here;
  let blockEnd = k0 < changes ? Math.max(end2(k0), here + 1) : here + 1;
  for (let k = k0 - 1; k >= 0 && end2(k) >= blockStart; k--) blockStart = Math.min(blockStart, start2(k));
  for (let k = k0 + 1; k < changes && start2(k) <= blockEnd; k++) blockEnd = Math.max(blockEnd, end2(k));
  const j = blockStart - 1;
  const start1 = j >= 0 ? olderLineOf(p, j) + 1 : 0;
  const end1 = blockEnd < p.count ? olderLineOf(p, blockEnd) : parentCount;
  const count1 = end1 - start1;
  if (count1 > 0) return start1 + Math.min(here - (j + 1), count1 - 1) + 1;
  return Math.max(1, Math.min(start1 + 1, parentCount));
}

/** The older version's line (0-based) of a line of the newer one the pair leaves alone. */
function olderLineOf(p: PreparedPair, line: number): number {
  let older = -1;
  const at = { push: (_final: number, here: number) => void (older = here) };
  splitRun(p, 0, line, 1, at, { push: () => undefined });
  return older;
}

/**
 * Whether `data` holds, anywhere, the bytes of one of the lines `from` on (`n` of them) that has an ASCII letter or
 * digit (with its newline where it has one). A false answer is sure: no such line is a line of `data`.
 */
function holdsAnyLine(data: Buffer, final: LineRecords, from: number, n: number): boolean {
  const { data: text, starts } = final;
  for (let i = from; i < from + n; i++) {
    const start = starts[i]!;
    const end = starts[i + 1]!;
    let alnum = false;
    for (let b = start; b < end && !alnum; b++) alnum = isAsciiAlnum(text[b]!);
    if (alnum && data.indexOf(text.subarray(start, end)) >= 0) return true;
  }
  return false;
}

/** Lines `from` on, `n` of them, of an interned version, as a file of their own (their ids kept). */
function blockOf(v: InternedLines, from: number, n: number): InternedLines {
  const { data, starts } = v.records;
  const at = starts[from]!;
  const own = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) own[i] = starts[from + i]! - at;
  return { records: { data: data.subarray(at, starts[from + n]!), starts: own, count: n }, ids: v.ids.subarray(from, from + n) };
}

/** blame's find_rename: among the files the commit deleted, the one git's rename detection pairs with `path` (renameAmongDeleted). */
export async function renameSource(
  store: ObjectStore,
  parentTree: string,
  tree: string,
  path: string,
  blob: string,
): Promise<{ path: string; entry: EntryKey } | null> {
  const changes = await diffTrees(store, parentTree, tree);
  const gone = changes.filter((c) => c.status === 'D' && c.before !== null);
  if (gone.length === 0) return null;
  const lookup = new PathEntryLookup(store, false);
  const deleted = await Promise.all(
    gone.map(async (c) => {
      const entry = (await lookup.entryAt(parentTree, c.path))!;
      return { path: c.path, oid: c.before!, mode: entryMode(entry)!, entry };
    }),
  );
  const dst = { path, oid: blob, mode: entryMode((await lookup.entryAt(tree, path)) ?? `100644 ${blob}`)! };
  const source = await readAll(renameAmongDeleted(deleted, dst), store);
  return source ? { path: source.path, entry: source.entry } : null;
}
