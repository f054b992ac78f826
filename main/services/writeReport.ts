import type { ReportFormat, ReportResult } from '../../shared/reports';
import type { Progress } from '../../shared/model';
import { parseMessageFacts } from '../../shared/trailers';
import { diffAlgorithmOf, indexFileHistory, type RepositoryTimelineKey } from './indexFileHistory';
import { diffWritingOf } from './diffConfig';
import { ledgerFromTimeline, storedLedger } from './exportLedger';
import { functionsInChanges, type FunctionSpan } from '../analysis/functionsChanged';
import { functionFinderOf } from '../lineLog/functionFinder';
import { scanExports } from '../analysis/scanExports';
import { diffLines, type LineDiff } from '../diff/diffLines';
import { InternedVersions } from '../diff/internedVersions';
import { asBuffer } from '../diff/lineRecords';
import { diffsAsBinary } from '../diff/isBinary';
import { binaryByAttributes, funcnameRuleOf } from '../lineLog/diffDriver';
import { decodeFileText } from '../diff/lineDiff';
import { unifiedDiffOf, type FunctionLineMatcher } from '../diff/unifiedDiff';
import { functionLineMatcher } from '../lineLog/funcname';
import { ParentVersions, type Version } from './parentVersions';
import { renderReport, type ReportData } from '../reports/renderReport';
import {
  discussionFilterFacts,
  EMPTY_FILTER,
  filterEntries,
  markedEntries,
  filterNeeds,
  NO_DISCUSSIONS,
  type TimelineFilter,
} from '../../shared/timelineFilter';
import type { DiscussionEntry, DiscussionThread } from '../../shared/discussion';
import { findReleases } from './findReleases';
import { functionFilterSets, rangeHistory } from './lineHistory';
import { lineLogPatch, type LineLogResult } from '../../shared/lineLog';
import { parseLineRange, pickaxeOf } from '../../shared/timelineFilter';
import { pickaxeCommits } from './pickaxe';
import { timelineNotes } from '../../shared/timelineNotes';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { StrataError } from '../../shared/errors';

/**
 * The review threads of the timeline's commits, from the repository's attached archives (main/archive/reportDiscussions.ts
 * supplies it: the archive tier lies above this one).
 */
export interface ReportDiscussionSource {
  /** Per timeline commit its thread or null; with a non-empty `mentions`, the commits whose thread mentions it. */
  link(mentions: string): Promise<{ entries: readonly DiscussionEntry[]; mentioning: readonly string[] | null }>;
  /** A thread with its bodies, for the HTML report's conversation; null when the archives lack it. */
  thread(messageId: string): Promise<DiscussionThread | null>;
}

export interface WriteReportOptions extends RepositoryTimelineKey {
  readonly format: Exclude<ReportFormat, 'pdf'>;
  /** The timeline screen's filter (shared/timelineFilter.ts), applied the same way. */
  readonly filter?: TimelineFilter;
  /** The timeline as git log --first-parent lists it (the toolbar's First parent); -L and -S/-G then as git's with --first-parent. */
  readonly firstParent?: boolean;
  /** Where the commits' review threads come from; without it the report has none (and the discussion filters pass nothing). */
  readonly discussions?: ReportDiscussionSource;
  /** Read each thread's messages for the conversation (the HTML report shows it). */
  readonly conversations?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Collects a timeline report's content once; every format and front end renders the same data. */
export async function collectReport(o: Omit<WriteReportOptions, 'format'>): Promise<ReportData> {
  const extra = { ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) };
  const key: RepositoryTimelineKey = { repo: o.repo, path: o.path, follow: o.follow, ...(o.rev ? { rev: o.rev } : {}) };
  const timeline = await indexFileHistory({ ...key, ...(o.firstParent ? { firstParent: true } : {}), ...extra });
  const filter = o.filter ?? EMPTY_FILTER;
  // what the filter needs besides the entries, found as the screen finds it (both are kept on disk per head)
  const needs = filterNeeds(filter);
  const releases = needs.releases ? await findReleases({ ...key, ...extra }) : {};
  // the list's walk: on the first-parent line, the function's and the lines' histories and -S/-G are git's with --first-parent
  const listWalk = { ...key, ...(o.firstParent ? { firstParent: true } : {}), ...extra };
  const byFunction = needs.functions ? await functionFilterSets({ ...listWalk, fn: filter.fn }) : null;
  const range = parseLineRange(filter.lines);
  const byLines = range ? await rangeHistory({ ...listWalk, lines: range }) : null;
  // restricted to lines or a function, each commit's diff is that range's, as git log -L prints it
  const rangeDiffs = diffsOfRange(byLines ?? byFunction?.history ?? null);
  const pickaxe = pickaxeOf(filter.text);
  const byPickaxe = pickaxe !== null ? new Set(await pickaxeCommits({ ...listWalk, text: pickaxe.text, regex: pickaxe.regex })) : null;
  const linked = o.discussions ? await o.discussions.link(needs.mentions ? filter.mentions : '') : null;
  const shown = filterEntries(
    timeline.entries,
    filter,
    releases,
    byFunction?.sets ?? {},
    linked ? discussionFilterFacts(linked.entries, linked.mentioning) : NO_DISCUSSIONS,
    byLines ? new Set(byLines.commits.map((c) => c.oid)) : null,
    byPickaxe,
  );
  const discussionOf = new Map((linked?.entries ?? []).map((e) => [e.oid, e.discussion]));
  const threads: Record<string, DiscussionThread> = {};
  const commits: ReportData['commits'][number][] = [];
  // each version read once through one tree lookup; the function sets the Functions tab already found are kept on disk
  const versions = new ParentVersions(o.repo, timeline);
  const storedFunctions = await o.repo.index
    .loadFunctions(timeline.path, o.follow, timeline.head ?? '')
    .then((f) => (f ? { functions: f } : null));
  // a version is the "after" of one commit and the "before" of the next: decoded, parsed and scanned once
  const exportScans = new Map<string, ReadonlyMap<string, string>>();
  const spans = new Map<string, readonly FunctionSpan[]>();
  const findSpans = await functionFinderOf(o.repo.info, timeline.path);
  // the last version decoded: each is scanned for exports and parsed for functions, as the "after" of one commit
  let decoded: { oid: string; text: string } | null = null;
  const textOf = (v: Version) => (decoded?.oid === v.oid ? decoded : (decoded = { oid: v.oid, text: decodeFileText(v.data).text })).text;
  const scan = (v: Version | null) => {
    if (!v || exportScans.has(v.oid)) return;
    const bytes = asBuffer(v.data);
    exportScans.set(v.oid, bytes.includes('EXPORT_SYMBOL') ? new Map(scanExports(textOf(v)).map((x) => [x.symbol, x.macro])) : new Map());
  };
  // the diff the screen shows (the repository's diff.algorithm); git's default one through interned lines, each
  // version interned along the one read before it (newest first, one commit's "before" is the next one's "after")
  const algorithm = await diffAlgorithmOf(o.repo);
  const writing = diffWritingOf(o.repo);
  const interned = new InternedVersions(4);
  // the hunk headers' function lines, by each path's diff driver (git diff's)
  const matchers = new Map<string, FunctionLineMatcher>();
  const functionLineOf = async (p: string): Promise<FunctionLineMatcher> => {
    let m = matchers.get(p);
    if (!m) matchers.set(p, (m = functionLineMatcher(await funcnameRuleOf(o.repo.info, p))));
    return m;
  };
  const binaryByPath = new Map<string, boolean | undefined>();
  const attributedBinary = async (p: string): Promise<boolean | undefined> => {
    if (!binaryByPath.has(p)) binaryByPath.set(p, await binaryByAttributes(o.repo.info, p));
    return binaryByPath.get(p);
  };
  // git diffs with no context (diff.context = 0) after dropping the files' common end (xdiff-interface's trim_common_tail)
  const trimCommonTail = writing.context === 0;
  const diffOf = (before: Version | null, after: Version | null, a: Buffer, b: Buffer): LineDiff => {
    if ((algorithm !== 'myers' && algorithm !== 'minimal') || !before || !after)
      return diffLines(a, b, { algorithm, indentHeuristic: writing.indentHeuristic, trimCommonTail });
    interned.renewIfFull();
    const newer = interned.lines(after.oid, asBuffer(after.data));
    return interned.diff(interned.lines(before.oid, asBuffer(before.data), newer), newer, {
      minimal: algorithm === 'minimal',
      indentHeuristic: writing.indentHeuristic,
      trimCommonTail,
    });
  };
  const functionsOf = (v: Version | null): readonly FunctionSpan[] => {
    if (!v) return [];
    let f = spans.get(v.oid);
    if (!f) {
      spans.set(v.oid, (f = findSpans(textOf(v))));
      if (spans.size > 4) spans.delete(spans.keys().next().value!);
    }
    return f;
  };
  const turn = eventLoopTurns();
  for (const [i, e] of shown.entries()) {
    await turn();
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The report was cancelled; nothing was written.');
    o.onProgress?.({ phase: 'Writing report', loaded: i, total: shown.length });
    const [before, after] = await Promise.all([
      versions.beforeOid(e).then((oid) => versions.read(oid)),
      versions.read(versions.afterOid(e)),
    ]);
    const fromPath = before ? (e.oldPath ?? e.path) : null;
    const toPath = after ? e.path : null;
    // as git diff decides: the attributes (-diff, binary, diff) where they say, else the bytes
    const binary =
      (before !== null && diffsAsBinary(before.data, await attributedBinary(fromPath!))) ||
      (after !== null && diffsAsBinary(after.data, await attributedBinary(toPath!)));
    let functions: string[] = [];
    let unified = '';
    if (binary) {
      const { src, dst } = writing.prefixes;
      unified = `Binary files ${fromPath ? `${src}${fromPath}` : '/dev/null'} and ${toPath ? `${dst}${toPath}` : '/dev/null'} differ\n`;
    } else {
      // one line diff of the bytes serves both the functions touched and the unified diff (as git diff's bytes)
      const a = before ? asBuffer(before.data) : Buffer.alloc(0);
      const b = after ? asBuffer(after.data) : Buffer.alloc(0);
      scan(before);
      scan(after);
      const stored = storedFunctions?.functions[e.oid];
      const ranged = rangeDiffs?.get(e.oid) !== undefined;
      if (stored) functions = stored;
      if (!a.equals(b) && !(stored && ranged)) {
        const diff = diffOf(before, after, a, b);
        functions = stored ?? functionsInChanges(functionsOf(before), functionsOf(after), diff.changes);
        if (!ranged)
          unified = unifiedDiffOf(fromPath, toPath, diff, {
            functionLine: await functionLineOf(fromPath ?? toPath!),
            context: writing.context,
            interHunkContext: writing.interHunkContext,
            prefixes: writing.prefixes,
          });
      }
    }
    const discussion = discussionOf.get(e.oid) ?? null;
    if (discussion && o.conversations && o.discussions && !threads[discussion.thread.root]) {
      const thread = await o.discussions.thread(discussion.messageId);
      if (thread) threads[discussion.thread.root] = thread;
    }
    commits.push({
      entry: e,
      facts: parseMessageFacts(`${e.subject}\n\n${e.body}`),
      functions,
      diff: rangeDiffs?.get(e.oid) ?? unified,
      discussion,
    });
  }
  const ledger = await storedLedger(
    o.repo,
    timeline,
    () => ledgerFromTimeline(o.repo.store, timeline, undefined, o.signal, exportScans),
    o.signal,
  );
  return {
    repo: timeline.repo,
    path: timeline.path,
    follow: timeline.follow,
    ...(timeline.firstParent ? { firstParent: true as const } : {}),
    head: timeline.head,
    ...(timeline.rev ? { rev: timeline.rev } : {}),
    generatedAt: new Date().toISOString(),
    filter,
    total: timeline.entries.length,
    notes: timelineNotes(timeline),
    marked: markedEntries(shown, filter, byPickaxe)?.map((e) => e.oid) ?? null,
    commits,
    ledger,
    tags: timeline.tags,
    threads,
  };
}

function diffsOfRange(history: LineLogResult | null): Map<string, string> | null {
  return history ? new Map(history.commits.map((c) => [c.oid, lineLogPatch(c.diffs)])) : null;
}

export async function writeReport(o: WriteReportOptions): Promise<ReportResult> {
  return renderReport(await collectReport({ ...o, conversations: o.format === 'html' }), o.format);
}
