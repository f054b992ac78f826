import type { Progress, Timeline, TimelineEntry } from '../../shared/model';
import { functionsInChanges, parsedVersion, type ParsedVersion } from '../analysis/functionsChanged';
import { functionFinderOf } from '../lineLog/functionFinder';
import { InternedVersions } from '../diff/internedVersions';
import { isBinary } from '../diff/isBinary';
import { decodeFileText } from '../diff/lineDiff';
import { isWholeHistory, timelineOf, type RepositoryTimelineKey } from './indexFileHistory';
import { ParentVersions } from './parentVersions';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { StrataError } from '../../shared/errors';

/** Time between partial results (the tab fills in as they come). */
const PARTIAL_MS = 250;
/** The first partial result goes out after this many commits, whatever the time (the tab has rows at once). */
const FIRST_PARTIAL_AT = 20;

/**
 * For each commit of a file's timeline, the C functions whose lines it changed
 * (the ground for a function filter and a function's own history, as
 * `git log -L :name:file` lists it). Kept on disk per HEAD. Each version is read
 * and parsed once (it is the "after" of one commit and the "before" of the next).
 */
export async function changedFunctions(o: ChangedFunctionsOptions): Promise<Record<string, string[]>> {
  if (o.firstParent) return firstParentFunctions(o);
  const timeline = await timelineOf(o, o.signal);
  const head = timeline.head ?? '';
  // a range's (A..B) are the whole history's of its commits: kept only for the whole history (kept for a range by
  // its head, they would stand for the whole history's)
  const whole = isWholeHistory(timeline);
  const stored = await o.repo.index.loadFunctions(timeline.path, o.follow, head);
  if (stored && whole) return stored;
  if (stored && timeline.entries.every((e) => stored[e.oid] !== undefined))
    return Object.fromEntries(timeline.entries.map((e) => [e.oid, stored[e.oid]!]));
  const functions = await functionsOf(o, timeline, timeline.entries);
  if (whole) await o.repo.index.saveFunctions(timeline.path, o.follow, head, functions);
  return functions;
}

export interface ChangedFunctionsOptions extends RepositoryTimelineKey {
  /**
   * The first-parent line's commits (git log --first-parent): each merge's functions against its first parent, the
   * other commits' as in the whole history (those are kept; the merges' are computed each time).
   */
  readonly firstParent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** The sets found since the last call (newest commits first), now and then while the work goes on. */
  readonly onPartial?: (functions: Record<string, string[]>) => void;
  /** Time between partial results (default PARTIAL_MS). */
  readonly partialMs?: number;
}

async function firstParentFunctions(o: ChangedFunctionsOptions): Promise<Record<string, string[]>> {
  const whole = await changedFunctions({ ...o, firstParent: false });
  const line = await timelineOf(o, o.signal, true);
  const merges = line.entries.filter((e) => whole[e.oid] === undefined);
  return merges.length ? { ...whole, ...(await functionsOf(o, line, merges)) } : whole;
}

/** The functions each of `entries` (of `timeline`) changed against its first parent's version. */
async function functionsOf(
  o: ChangedFunctionsOptions,
  timeline: Timeline,
  entries: readonly TimelineEntry[],
): Promise<Record<string, string[]>> {
  const versions = new ParentVersions(o.repo, timeline);
  const find = await functionFinderOf(o.repo.info, timeline.path);
  // each version's lines interned along the one read before it (newest first: one commit's "after" is the next
  // one's "before"), so the diffs compare integers (the same changes diffLines finds)
  const interned = new InternedVersions(8);
  const parsed = new Map<string, ParsedVersion | null>(); // per blob; only the last few are kept
  const parse = async (oid: string | null): Promise<ParsedVersion | null> => {
    if (oid === null) return parsedVersion('', find);
    let p = parsed.get(oid);
    if (p === undefined) {
      const v = await versions.read(oid);
      p = v === null ? parsedVersion('', find) : isBinary(v.data) ? null : parsedVersion(decodeFileText(v.data).text, find);
      parsed.set(oid, p);
      if (parsed.size > 8) parsed.delete(parsed.keys().next().value!);
    }
    return p;
  };
  const functions: Record<string, string[]> = {};
  const total = entries.length;
  let fresh: Record<string, string[]> = {};
  let sentAt = Date.now();
  const turn = eventLoopTurns();
  for (const [i, e] of entries.entries()) {
    await turn();
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'Finding the changed functions was cancelled; nothing was kept.');
    if (i % 20 === 0) o.onProgress?.({ phase: 'Finding changed functions', loaded: i, total });
    if (o.onPartial && (i === FIRST_PARTIAL_AT || (i > 0 && Date.now() - sentAt >= (o.partialMs ?? PARTIAL_MS)))) {
      o.onPartial(fresh);
      fresh = {};
      sentAt = Date.now();
    }
    interned.renewIfFull();
    const afterOid = versions.afterOid(e);
    const beforeOid = await versions.beforeOid(e);
    const after = await parse(afterOid);
    const before = await parse(beforeOid);
    let changed: string[] = [];
    if (before && after && !before.bytes.equals(after.bytes)) {
      const newer = interned.lines(afterOid ?? '', after.bytes);
      const older = interned.lines(beforeOid ?? '', before.bytes, newer);
      changed = functionsInChanges(before.functions, after.functions, interned.diff(older, newer).changes);
    }
    functions[e.oid] = fresh[e.oid] = changed;
  }
  return functions;
}
