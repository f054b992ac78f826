import { isUtf8 } from 'node:buffer';
import { graphEntries } from '../history/graphEntries';
import { isPlainName, type LineLogCommit, type LineLogFileDiff, type LineLogHunk, type LineLogLine } from '../../shared/lineLog';
import type { Progress, RawCommitText } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { renameSource } from '../blame/blameFile';
import { LineInterner, type InternedLines } from '../diff/internedLines';
import { asBuffer, type LineRecords } from '../diff/lineRecords';
import { openCommitTable } from '../history/openCommitTable';
import { PathEntryLookup } from '../history/pathEntries';
import { PositionEntries } from '../index/positionEntries';
import { TopLevelChanges } from '../index/topLevelChanges';
import { keptFromFirstParent } from '../history/keptFromFirstParent';
import { asFileChange, entryMode, entryOid, isFolderEntry, type EntryKey } from '../objects/entryKey';
import { parseCommit, rawParts, splitMessage } from '../objects/parseCommit';
import { abbreviate, defaultAbbrev, parseCoreAbbrev } from '../objects/abbreviation';
import { readConfigValue } from '../git/gitConfig';
import { resolveRevision } from '../objects/resolveRevision';
import type { Repository } from '../repository/repository';
import { funcnameRuleOf } from './diffDriver';
import { functionRange } from './funcname';
import { type LineRange, type RangeDiff, mapAcrossDiff, normalizeRanges, unionRanges } from './rangeSet';
import { mapPerson, repositoryMailmap } from '../mailmap/repositoryMailmap';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { lineRangeOf } from './lineRangeSpec';

/** One `-L` argument: `A,B` (1-based, inclusive) or `:NAME` (a regex, matched as git matches function lines). */
export type LineLogRange =
  | { readonly start: number; readonly end: number }
  | { readonly funcname: string }
  /** git's `-L START,END` as written (lineRangeSpec.ts). */
  | { readonly spec: string };

export interface LineLogOptions {
  readonly repo: Repository;
  readonly path: string;
  readonly ranges: readonly LineLogRange[];
  /** Branch, tag or commit to start from; HEAD by default. */
  readonly rev?: string;
  /**
   * git log -L --since (max_age), seconds: a commit of an older committer date, and everything behind it, is neither
   * walked nor listed.
   */
  readonly since?: number;
  /** git log -L --until (min_age), seconds: a commit of a newer committer date carries the ranges on but is not listed. */
  readonly until?: number;
  /**
   * git log -L --first-parent: only first parents are walked, and a merge is diffed against its first parent alone
   * (listed, without a diff, where that touched the ranges; the ranges go on to the first parent either way).
   */
  readonly firstParent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

export interface LineLogOutcome {
  readonly head: string;
  /** The ranges at head, 0-based half-open. */
  readonly ranges: readonly LineRange[];
  readonly commits: LineLogCommit[];
  /** A `:NAME` range's function line at head ends with `;`: git's rule for the file took a declaration (see LineLogResult). */
  readonly declaration: boolean;
  /** A `:NAME` range's function line at head has NAME only inside a longer name (see LineLogResult). */
  readonly otherName: boolean;
}

/** Tracked ranges per path, at one commit. */
type Tracked = Map<string, LineRange[]>;

interface FilePair {
  readonly oldPath: string | null;
  readonly oldBlob: string | null;
  readonly path: string;
  readonly blob: string;
}

/**
 * What `git log -L` lists: starting from the ranges at rev, each commit (newest first, in git's
 * topological order) is diffed against its parent where the file differs; a commit whose hunks
 * touch a tracked line is listed, and the ranges are carried to the parent across the diff (lines
 * the commit changed become the parent's lines of those hunks). A merge hands all ranges to the
 * first parent through which they arrive unchanged and is then not listed; where none does, every
 * parent gets its own ranges and the merge is listed (git shows no diff for it). A file the commit
 * added is looked for among the files it deleted (git's rename detection), else the ranges end there.
 */
export async function lineLog(o: LineLogOptions): Promise<LineLogOutcome> {
  const { store, index } = o.repo;
  const head = await resolveRevision(o.repo, o.rev ?? 'HEAD');
  const progress = o.onProgress ?? (() => undefined);
  const shallowSet = await store.shallowCommits();
  const opened = await openCommitTable({
    store,
    index,
    refs: o.repo.refs,
    heads: [head],
    shallow: shallowSet,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const { table, own } = opened;
  const entries =
    own && own.anchor ? PositionEntries.load(index.positionEntriesFile(o.path), own.anchor, own.count) : graphEntries(table, o.path);
  const lookup = new PathEntryLookup(store, false);
  const shallow = new Set([...shallowSet].map((oid) => table.positionOf(oid)).filter((p) => p >= 0));
  const entryAt = async (pos: number, path: string): Promise<EntryKey> => {
    if (path === o.path) {
      const known = entries.get(pos);
      if (known !== undefined) return known;
    }
    const e = await lookup.entryAt(table.treeAt(pos), path);
    if (path === o.path) entries.set(pos, e);
    return e;
  };
  // the versions as interned lines: each is diffed twice (with the version after it, then the one before), its lines read once
  let interner = new LineInterner();
  const interned = new Map<string, InternedLines>();
  const internedOf = async (oid: string | null, like?: InternedLines): Promise<InternedLines> => {
    if (interner.full) {
      interner = new LineInterner();
      interned.clear();
      like = undefined;
    }
    if (oid === null) return interner.lines(Buffer.alloc(0));
    let r = interned.get(oid);
    if (!r) {
      r = interner.lines(asBuffer((await store.readObject(oid)).data), like);
      if (interned.size > 256) interned.delete(interned.keys().next().value as string);
      interned.set(oid, r);
    }
    return r;
  };
  const linesOf = async (oid: string | null): Promise<LineRecords> => (await internedOf(oid)).records;
  const parentsOf = (pos: number): number[] =>
    shallow.has(pos) ? [] : o.firstParent ? table.parentsAt(pos).slice(0, 1) : table.parentsAt(pos);
  // what says, without a tree read, that a commit left a path as its first parent had it: git's Bloom filters, the change sets learned
  const topLevel = own && own.anchor ? TopLevelChanges.load(index.topLevelFile, own.anchor) : null;
  const useTopLevel = topLevel !== null && topLevel.size > 0 && topLevel.size <= table.count;
  const sameAsFirstParent = keptFromFirstParent(table, useTopLevel ? topLevel : null);

  const headPos = table.positionOf(head);
  const headEntry = await entryAt(headPos, o.path);
  if (isFolderEntry(headEntry)) {
    throw new StrataError('PathNotInRepository', `${o.path} is a folder at ${o.rev ?? 'HEAD'}; the history of lines takes a file in it.`);
  }
  if (headEntry === null || entryMode(headEntry) === '160000') {
    throw new StrataError('PathNotInRepository', `There is no file ${o.path} at ${o.rev ?? 'HEAD'}.`);
  }
  const headLines = await linesOf(entryOid(headEntry));
  const { ranges: initial, declaration, otherName } = await parseRanges(o, headLines);

  // children per commit among those reachable from head: a commit is taken when its last child has been (git's topological order)
  const indegree = new Int32Array(table.count);
  const seen = new Uint8Array(table.count);
  const stack = [headPos];
  seen[headPos] = 1;
  while (stack.length) {
    for (const p of parentsOf(stack.pop()!)) {
      indegree[p]!++;
      if (!seen[p]) {
        seen[p] = 1;
        stack.push(p);
      }
    }
  }

  const pending = new Map<number, Tracked>([[headPos, new Map([[o.path, initial]])]]);
  const give = (pos: number, tracked: Tracked) => {
    const known = pending.get(pos);
    // handed on whole (the usual case): the parent takes the map itself
    if (!known && tracked.size === 1 && tracked.values().next().value!.length > 0) {
      pending.set(pos, tracked);
      return;
    }
    const merged: Tracked = known ?? new Map<string, LineRange[]>();
    for (const [path, ranges] of tracked) {
      if (ranges.length === 0) continue;
      const had = merged.get(path);
      merged.set(path, had ? unionRanges(had, ranges) : ranges);
    }
    if (merged.size) pending.set(pos, merged);
  };

  const pairsAgainst = async (pos: number, parent: number | null, tracked: Tracked): Promise<FilePair[]> => {
    const pairs: FilePair[] = [];
    for (const path of [...tracked.keys()].sort()) {
      const [pe, e] = asFileChange(parent === null ? null : await entryAt(parent, path), await entryAt(pos, path));
      if (e === pe || e === null) continue;
      const blob = entryOid(e)!;
      if (pe !== null) pairs.push({ oldPath: path, oldBlob: entryOid(pe), path, blob });
      else {
        const source = parent === null ? null : await renameSource(store, table.treeAt(parent), table.treeAt(pos), path, blob);
        pairs.push(
          source ? { oldPath: source.path, oldBlob: entryOid(source.entry), path, blob } : { oldPath: null, oldBlob: null, path, blob },
        );
      }
    }
    return pairs;
  };

  /** The ranges seen from one parent, and the diffs of the files whose tracked lines the commit touched. */
  const across = async (pairs: FilePair[], tracked: Tracked) => {
    const out: Tracked = new Map(tracked);
    const shown: { pair: FilePair; touched: RangeDiff; ranges: LineRange[] }[] = [];
    for (const pair of pairs) {
      const ranges = out.get(pair.path);
      if (!ranges || ranges.length === 0) continue;
      const after = await internedOf(pair.blob);
      const before = await internedOf(pair.oldBlob, after);
      // an interner started afresh between the two reads: the newer version is interned again with the older
      const diff = interner.diff(before, interned.has(pair.blob) ? after : await internedOf(pair.blob, before), {
        trimCommonTail: true,
        indentHeuristic: false,
      });
      const full: RangeDiff = { parent: [], target: [] };
      for (const c of diff.changes) {
        full.parent.push({ start: c.start1, end: c.start1 + c.count1 });
        full.target.push({ start: c.start2, end: c.start2 + c.count2 });
      }
      const { parentRanges, touched } = mapAcrossDiff(ranges, full);
      out.delete(pair.path);
      const oldPath = pair.oldPath ?? pair.path;
      const had = out.get(oldPath);
      out.set(oldPath, had ? unionRanges(had, parentRanges) : parentRanges);
      if (touched.parent.length > 0) shown.push({ pair, touched, ranges });
    }
    return { out, shown };
  };

  /** Whether every tracked file is the same in the first parent or absent here; undefined when that needs a tree read. */
  const knownSameInParent = (pos: number, parent: number, tracked: Tracked): boolean | undefined => {
    for (const path of tracked.keys()) {
      if (sameAsFirstParent(pos, path)) continue;
      if (path !== o.path) return undefined;
      const e = entries.get(pos);
      if (e === undefined) return undefined;
      if (e === null) continue;
      const pe = entries.get(parent);
      if (pe === undefined) return undefined;
      if (e !== pe) return false;
    }
    return true;
  };
  const sameInParent = async (pos: number, parent: number, tracked: Tracked): Promise<boolean> => {
    for (const path of tracked.keys()) {
      if (sameAsFirstParent(pos, path)) continue;
      const e = await entryAt(pos, path);
      if (e !== null && e !== (await entryAt(parent, path))) return false;
    }
    return true;
  };

  const listed: { pos: number; diffs: LineLogFileDiff[] }[] = [];
  const ready = [headPos];
  let visited = 0;
  const turn = eventLoopTurns();
  while (ready.length && pending.size) {
    const pos = ready.pop()!;
    // --since: git's walk skips it and does not go on behind it (its parents wait for it, as for a child still to come:
    // what is behind it, a skewed clock's newer commits too, is never taken, as git marks all of that uninteresting)
    if (o.since !== undefined && table.timeAt(pos) < o.since) {
      pending.delete(pos);
      continue;
    }
    const parents = parentsOf(pos);
    for (const p of parents) if (--indegree[p]! === 0) ready.push(p);
    visited++;
    // a turn of the event loop now and then (the reads resolve without one): a cancel gets in, however slow the
    // steps, and the progress moves (2,048 commits of a long file's diffs took seconds)
    const turning = turn();
    if (turning) {
      progress({ phase: 'Following the lines', loaded: visited, total: table.count });
      await turning;
    }
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The line history was cancelled.');
    const tracked = pending.get(pos);
    if (!tracked) continue;
    pending.delete(pos);
    // the tracked files the same in the first parent (or absent here): every range goes to it unchanged, as the
    // full step below would find without a diff (most commits: the timeline's entries say so without a tree read)
    const same = parents.length > 0 ? knownSameInParent(pos, parents[0]!, tracked) : false;
    if (same === true || (same === undefined && (await sameInParent(pos, parents[0]!, tracked)))) {
      give(parents[0]!, tracked);
      continue;
    }
    if (parents.length <= 1) {
      const parent = parents[0] ?? null;
      const { out, shown } = await across(await pairsAgainst(pos, parent, tracked), tracked);
      if (parent !== null) give(parent, out);
      // a merge seen from its first parent alone (--first-parent) is listed as git lists a merge: without a diff
      const merge = o.firstParent === true && !shallow.has(pos) && table.parentsAt(pos).length > 1;
      if (shown.length)
        listed.push({ pos, diffs: merge ? [] : await Promise.all(shown.map((s) => renderDiff(s.pair, s.ranges, s.touched, linesOf))) });
      continue;
    }
    const candidates: Tracked[] = [];
    let taker = -1;
    for (let i = 0; i < parents.length; i++) {
      const { out, shown } = await across(await pairsAgainst(pos, parents[i]!, tracked), tracked);
      candidates.push(out);
      if (shown.length === 0) {
        taker = i;
        break;
      }
    }
    if (taker >= 0) give(parents[taker]!, candidates[taker]!);
    else {
      for (let i = 0; i < parents.length; i++) give(parents[i]!, candidates[i]!);
      listed.push({ pos, diffs: [] });
    }
  }
  progress({ phase: 'Following the lines', loaded: table.count, total: table.count });

  const commits: LineLogCommit[] = [];
  const mailmap = await repositoryMailmap(o.repo);
  const abbrev = defaultAbbrev(store, parseCoreAbbrev(await readConfigValue(o.repo.info.gitdir, 'core.abbrev')));
  for (const l of listed) {
    // --until: the commit's ranges went on to its parents, but git does not show it
    if (o.until !== undefined && table.timeAt(l.pos) > o.until) continue;
    const oid = table.oidAt(l.pos);
    const data = (await store.readObject(oid)).data;
    const c = parseCommit(data);
    const { subject, body } = splitMessage(c.message);
    const author = mapPerson(mailmap, c.author);
    const committer = mapPerson(mailmap, c.committer);
    const parentsAbbrev = c.parents.length > 1 ? c.parents.map((p) => abbreviate(store, p, abbrev)) : [];
    const raw = rawText(data, author === c.author);
    commits.push({
      oid,
      parents: c.parents,
      author,
      committer,
      subject,
      body,
      message: c.message,
      ...(raw ? { raw } : {}),
      parentsAbbrev,
      oidAbbrev: abbreviate(store, oid, abbrev),
      diffs: l.diffs,
    });
  }
  return { head, ranges: initial, commits, declaration, otherName };
}

/** The ranges asked for, read in the file at head as git reads `-L` (a `:NAME` range searched from after the previous range). */
async function parseRanges(
  o: LineLogOptions,
  lines: LineRecords,
): Promise<{ ranges: LineRange[]; declaration: boolean; otherName: boolean }> {
  const out: LineRange[] = [];
  // git's -L :NAME written as a range (^:NAME searches from the first line, :NAME from the end of the range before)
  const asFunction = (spec: string) => /^\^?:/s.exec(spec) !== null;
  const rule = o.ranges.some((r) => 'funcname' in r || ('spec' in r && asFunction(r.spec)))
    ? await funcnameRuleOf(o.repo.info, o.path)
    : null;
  let declaration = false;
  let otherName = false;
  for (const given of o.ranges) {
    const r =
      'spec' in given && asFunction(given.spec) ? { funcname: given.spec.replace(/^\^?:/, ''), top: given.spec.startsWith('^') } : given;
    if ('funcname' in r) {
      const from = out.length && !('top' in r && r.top) ? out[out.length - 1]!.end : 0;
      const range = functionRange(lines, r.funcname, rule, from);
      const text = lineText(lines, range.start).text;
      if (text.trimEnd().endsWith(';')) declaration = true;
      if (isPlainName(r.funcname) && !new RegExp(`(^|[^A-Za-z0-9_])${r.funcname}($|[^A-Za-z0-9_])`).test(text)) otherName = true;
      out.push(range);
      continue;
    }
    if ('spec' in r) {
      // a regex start is searched from the line after the range before (git's anchor)
      out.push(lineRangeOf(r.spec, lines, o.path, out.length ? out[out.length - 1]!.end + 1 : 1));
      continue;
    }
    let { start, end } = r;
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new StrataError('InvalidRequest', 'Line numbers must be whole numbers.');
    if (end < start) [start, end] = [end, start];
    if (start < 1) start = 1;
    // git cuts a range that runs past the end there, and refuses one that starts after it
    if (start > lines.count) throw new StrataError('InvalidRequest', `${o.path} has only ${lines.count} lines; choose a range inside it.`);
    out.push({ start: start - 1, end: Math.min(end, lines.count) });
  }
  return { ranges: normalizeRanges(out), declaration, otherName };
}

/** A line's text without its newline: UTF-8, or where its bytes are not, Latin-1 (each byte kept, and said). */
function lineText(lines: LineRecords, i: number): { text: string; latin1: boolean } {
  const start = lines.starts[i]!;
  let end = lines.starts[i + 1]!;
  if (end > start && lines.data[end - 1] === 10) end--;
  const latin1 = !isUtf8(lines.data.subarray(start, end));
  return { text: lines.data.toString(latin1 ? 'latin1' : 'utf8', start, end), latin1 };
}

/** git's -L hunks: each tracked range of the commit printed whole, the touched hunks' removed and added lines inside it. */
async function renderDiff(
  pair: FilePair,
  ranges: readonly LineRange[],
  diff: RangeDiff,
  linesOf: (oid: string | null) => Promise<LineRecords>,
): Promise<LineLogFileDiff> {
  const before = await linesOf(pair.oldBlob);
  const after = await linesOf(pair.blob);
  const line = (records: LineRecords, kind: LineLogLine['kind'], i: number): LineLogLine => {
    const endsWithNewline = records.data[records.starts[i + 1]! - 1] === 10;
    const { text, latin1 } = lineText(records, i);
    return { kind, text, ...(endsWithNewline ? {} : { noNewline: true as const }), ...(latin1 ? { latin1: true as const } : {}) };
  };
  const hunks: LineLogHunk[] = [];
  const t = diff.target;
  const p = diff.parent;
  let j = 0;
  for (const r of ranges) {
    while (j < t.length && t[j]!.end < r.start) j++;
    if (j === t.length || t[j]!.start > r.end) continue;
    let last = j;
    while (last < t.length && t[last]!.start < r.end) last++;
    if (last > j) last--;
    let pStart = r.start < t[j]!.start ? p[j]!.start - (t[j]!.start - r.start) : p[j]!.start;
    let pEnd = r.end > t[last]!.end ? p[last]!.end + (r.end - t[last]!.end) : p[last]!.end;
    if (pStart === 0 && pEnd === 0) {
      pStart = -1;
      pEnd = -1;
    }
    const out: LineLogLine[] = [];
    let cur = r.start;
    while (j < t.length && t[j]!.start < r.end) {
      for (; cur < t[j]!.start; cur++) out.push(line(after, ' ', cur));
      for (let k = p[j]!.start; k < p[j]!.end; k++) out.push(line(before, '-', k));
      for (; cur < t[j]!.end && cur < r.end; cur++) out.push(line(after, '+', cur));
      j++;
    }
    for (; cur < r.end; cur++) out.push(line(after, ' ', cur));
    hunks.push({ oldStart: pStart + 1, oldCount: pEnd - pStart, newStart: r.start + 1, newCount: r.end - r.start, lines: out });
  }
  return { oldPath: pair.oldPath, path: pair.path, hunks };
}

/** The commit's author (where `ownAuthor`: the mailmap names no other) and message as git prints them, where not UTF-8. */
function rawText(data: Uint8Array, ownAuthor: boolean): RawCommitText | null {
  const raw = rawParts(data);
  if (!raw) return null;
  const kept = {
    ...(ownAuthor && raw.author ? { author: raw.author } : {}),
    ...(raw.message !== undefined ? { message: raw.message } : {}),
  };
  return kept.author || kept.message !== undefined ? kept : null;
}
