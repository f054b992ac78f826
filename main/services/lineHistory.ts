import { definitionRegex, type LineLogResult } from '../../shared/lineLog';
import type { LineRangeArg } from '../../shared/lineLog';
import type { Progress } from '../../shared/model';
import { lineLog } from '../lineLog/lineLog';
import type { Repository } from '../repository/repository';
import { StrataError } from '../../shared/errors';
import { configBoolean } from '../objects/configFile';
import { readConfigValue } from '../git/gitConfig';
import { changedFunctions } from './changedFunctions';
import { normalizeRepoPath, timelineOf, walkPathEntries, type RepositoryTimelineKey } from './indexFileHistory';
import { readingVersions } from './missingVersions';
import { revisionRange, type TimelineWindow } from '../../shared/timelineKey';
import { resolveRevision } from '../objects/resolveRevision';
import { openCommitTable } from '../history/openCommitTable';
import { reachedFrom } from '../history/reachedFrom';

export interface LineHistoryRequest {
  readonly repo: Repository;
  readonly path: string;
  /** One revision, or a range (`git log -L … A..B`: the commits B reaches and A does not). */
  readonly rev?: string;
  /** 1-based, inclusive: `-L start,end:path`. */
  readonly lines?: { readonly start: number; readonly end: number };
  /** `-L :funcname:path`. */
  readonly funcname?: string;
  /** `-L START,END:path` as git reads it (main/lineLog/lineRangeSpec.ts). */
  readonly range?: string;
  /** Several of them, in the order given. */
  readonly ranges?: readonly LineRangeArg[];
  /** git log -L --since/--until (committer dates). */
  readonly window?: TimelineWindow;
  /** git log -L --first-parent: first parents only, a merge diffed against its first parent. */
  readonly firstParent?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/**
 * `git log -L` for one range or function of a file. The file's history is walked first (or its timeline reopened):
 * its per-commit entries of the path are what the walk reads, so only commits that changed the file are diffed.
 */
export async function lineHistory(request: LineHistoryRequest): Promise<LineLogResult> {
  const path = normalizeRepoPath(request.path);
  // a range's lines are read at B, and each commit's diff of them is the same as from B over the whole history
  // (nothing A reaches is a child of a commit in the range): git's answer is that list without what A reaches
  const range = request.rev === undefined ? null : revisionRange(request.rev);
  const rev = range ? range.top : request.rev;
  request.onProgress?.({ phase: 'Walking the file history', loaded: 0 });
  await walkPathEntries({
    repo: request.repo,
    path,
    follow: false,
    ...(rev ? { rev } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const ranges = request.ranges
    ? request.ranges.map((r) => ('range' in r ? { spec: r.range } : r))
    : request.funcname !== undefined
      ? [{ funcname: request.funcname }]
      : request.range !== undefined
        ? [{ spec: request.range }]
        : request.lines
          ? [request.lines]
          : [];
  const out = await readingVersions(
    request.repo,
    path,
    () =>
      lineLog({
        repo: request.repo,
        path,
        ranges,
        ...(rev ? { rev } : {}),
        ...(request.window?.since !== undefined ? { since: request.window.since } : {}),
        ...(request.window?.until !== undefined ? { until: request.window.until } : {}),
        ...(request.firstParent ? { firstParent: true } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      }),
    true, // -L follows the file's renames
  );
  const commits = range ? await outsideOf(request.repo, range.bottom, out.head, out.commits) : out.commits;
  return {
    path,
    head: out.head,
    ranges: out.ranges.map((r) => ({ start: r.start + 1, end: r.end })),
    commits,
    ...(out.declaration ? { declaration: true } : {}),
    ...(out.otherName ? { otherName: true } : {}),
    dateFormat: (await readConfigValue(request.repo.info.gitdir, 'log.date'))?.trim() || 'default',
    ...(configBoolean(await readConfigValue(request.repo.info.gitdir, 'log.abbrevCommit')) ? { abbrevCommit: true } : {}),
  };
}

/** The commits `bottom` does not reach (`git log bottom..head`), in their order. */
async function outsideOf<T extends { readonly oid: string }>(
  repo: Repository,
  bottom: string,
  head: string,
  commits: readonly T[],
): Promise<T[]> {
  const from = await resolveRevision(repo, bottom);
  const shallowSet = await repo.store.shallowCommits();
  const { table } = await openCommitTable({
    store: repo.store,
    index: repo.index,
    refs: repo.refs,
    heads: [head, from],
    shallow: shallowSet,
  });
  const shallow = new Set([...shallowSet].map((oid) => table.positionOf(oid)).filter((pos) => pos >= 0));
  const left = reachedFrom(table, table.positionOf(from), shallow);
  return commits.filter((c) => !left[table.positionOf(c.oid)]);
}

/**
 * What the "changed function" filter keeps, as `{ oid: [fn] }` (the shape filterEntries takes): the commits of
 * `git log -L :fn:path` at the timeline's head, with that history (each commit's diff of the function); where that
 * finds a declaration first, its definition's (definitionRegex), as the app's filter shows it. A function no
 * longer in the file there has no line history; for it, the commits whose diff touched a function of that name are
 * kept, and `history` is null.
 */
export async function functionFilterSets(
  o: RepositoryTimelineKey & { fn: string; firstParent?: boolean; signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<{ sets: Record<string, string[]>; history: LineLogResult | null }> {
  try {
    const byName = await rangeHistory({ ...o, funcname: o.fn });
    // a declaration first (a prototype before the definition), or another function whose name has this one inside
    // it: the definition's history, as the app shows it
    const history = byName.declaration || byName.otherName ? await rangeHistory({ ...o, funcname: definitionRegex(o.fn) }) : byName;
    return { sets: Object.fromEntries(history.commits.map((c) => [c.oid, [o.fn]])), history };
  } catch (e) {
    if (!(e instanceof StrataError) || (e.code !== 'InvalidRequest' && e.code !== 'PathNotInRepository')) throw e;
    return { sets: await changedFunctions(o), history: null };
  }
}

/** `git log -L` for lines or a function of the timeline's file, read at the timeline's head or at `lines.at`. */
export async function rangeHistory(
  o: RepositoryTimelineKey & {
    lines?: { readonly start: number; readonly end: number; readonly at?: string };
    funcname?: string;
    /** git log -L --first-parent (a first-parent timeline's filter). */
    firstParent?: boolean;
    signal?: AbortSignal;
    onProgress?: (p: Progress) => void;
  },
): Promise<LineLogResult> {
  const timeline = await timelineOf(o, o.signal);
  // read at the timeline's head (B, for a range A..B, whose bottom still applies) or at `lines.at`
  const range = o.rev === undefined ? null : revisionRange(o.rev);
  const at = o.lines?.at ?? timeline.head ?? undefined;
  return lineHistory({
    repo: o.repo,
    path: (o.lines?.at && timeline.entries.find((e) => e.oid === o.lines?.at)?.path) || timeline.path,
    ...(o.lines ? { lines: { start: o.lines.start, end: o.lines.end } } : {}),
    ...(o.funcname !== undefined ? { funcname: o.funcname } : {}),
    ...(at ? { rev: range ? `${range.bottom}..${at}` : at } : {}),
    ...(o.firstParent ? { firstParent: true } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
}
