import { z } from 'zod';
import type {
  Backports,
  CommitDetails,
  FileVersion,
  Progress,
  RecentList,
  RefList,
  RepositoryInfo,
  Timeline,
  TimelinePartial,
  VersionDiff,
} from './model';
import { StrataError, type ErrorInfo } from './errors';
import type { ExportLedger } from './ledger';
import type { ReportResult } from './reports';
import type { BlameResult } from './blame';
import type { LineLogResult } from './lineLog';
import type { ArchiveSummary, DiscussionEntry, DiscussionThread } from './discussion';
import {
  dirSchema as dir,
  repoPathSchema as repoPath,
  revSchema as rev,
  timelineKeySchema,
  timelineRevSchema,
  timelineWindowSchema,
} from './timelineKey';
import { textEncodingSchema } from './textEncodings';
import { timelineFilterSchema } from './timelineFilter';
import { commitGrepSchema } from './commitGrep';
import { DIFF_ALGORITHMS, WHITESPACE_RULES } from './diffAlgorithm';

/** Lines of context, as git's `-U<n>` takes them. */
const lineCount = z.number().int().nonnegative().max(1_000_000_000);

/** A mail archive: an inbox folder, an epoch, a v1 inbox or an mbox file on this machine, or an http(s) address of an inbox or epoch. */
const archiveSource = z.string().min(1).max(4096);

/** git's `-L START,END` as written (a line number, `/regex/`, `^/regex/`, `+N` or `-N` each end). */
const lineRangeSpec = z.string().min(1).max(1000);

/** Several `-L` (a range as written, or a function's name), in the order given. */
const lineRanges = z
  .array(z.union([z.object({ range: lineRangeSpec }).strict(), z.object({ funcname: z.string().min(1).max(1000) }).strict()]))
  .min(1)
  .max(64);

/**
 * The one API between the renderer and the services, used unchanged by Electron IPC, the web host, the
 * job worker and the command line. One entry per method: its parameters (zod: every request from the
 * untrusted renderer is parsed against them), its answer's type, and whether it is long (runs off the
 * main thread, streams progress, can be cancelled); a long method may also send partial answers before its
 * answer (`partial`: their type). Each method's handler is main/api/methods/<method>.ts.
 */
export const apiContract = {
  /** The embedded sample repository, written into Strata's home on first use. */
  openSample: { params: z.object({}).strict(), long: true, result: answers<{ repo: RepositoryInfo; path: string }>() },
  openRepository: { params: z.object({ dir }).strict(), long: false, result: answers<RepositoryInfo>() },
  cloneRepository: {
    params: z
      .object({
        url: z.string().min(1).max(2048),
        /** Default: a folder named after the address under Strata's home (see main/api/methods/cloneRepository.ts). */
        dir: dir.optional(),
        depth: z.number().int().positive().max(10_000_000).optional(),
        since: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}/, 'a date like 2019-01-01')
          .optional(),
        /** In steps that are kept as they land (default); false: one pack, faster, lost whole if the connection is cut. */
        resumable: z.boolean().optional(),
      })
      .strict(),
    long: true,
    result: answers<RepositoryInfo>(),
  },
  fetchUpdates: {
    params: z.object({ dir, deepen: z.number().int().positive().max(10_000_000).optional() }).strict(),
    long: true,
    result: answers<{ head: string | null; updated: boolean }>(),
  },
  /** The versions of a timeline that a partial clone left on its promisor remote, fetched from it (counts, diffs and blame need them). */
  fetchMissingVersions: {
    params: timelineKeySchema.strict(),
    long: true,
    result: answers<{ remote: string; fetched: number }>(),
  },
  /**
   * Partial answers (TimelinePartial): a long walk's commits found so far, then the list before its +/- counts,
   * then the counts as they are computed.
   */
  /**
   * `window`: git log --since/--until; `firstParent`: git log --first-parent (not with follow). Those lists are
   * computed from the whole history's and not kept.
   */
  indexFile: {
    params: timelineKeySchema.extend({ window: timelineWindowSchema.optional(), firstParent: z.boolean().optional() }).strict(),
    long: true,
    result: answers<Timeline>(),
    partial: answers<TimelinePartial>(),
  },
  /** Background work after a first index: what each commit changed near the top of the tree. */
  learnChanges: { params: z.object({ dir }).strict(), long: true, result: answers<{ learned: number; commits: number }>() },
  /** `whole`: the blob's exact bytes, however large, in `base64` (the command line's show); else text cut at the viewer's limit. */
  readFile: {
    params: z.object({ dir, rev, path: repoPath, whole: z.boolean().optional(), encoding: textEncodingSchema.optional() }).strict(),
    long: false,
    result: answers<FileVersion>(),
  },
  /** Shaped by shared/parentDiff.ts for "this entry against its parent" and "A against B". */
  diffVersions: {
    params: z
      .object({
        dir,
        path: repoPath,
        from: rev.nullable(),
        to: rev,
        fromPath: repoPath.optional(),
        encoding: textEncodingSchema.optional(),
        /** `git show --cc <to> -- <path>`'s hunks: the merge `to` against all its parents (`from` unused). */
        combined: z.boolean().optional(),
        /** `git diff -w`: lines that differ only in whitespace are not changes (the hunks and counts are -w's). */
        ignoreWhitespace: z.boolean().optional(),
        /** `-b`, `--ignore-space-at-eol`, `--ignore-cr-at-eol`: lines that differ only so are not changes (`ignoreWhitespace` passes more). */
        whitespace: z.enum(WHITESPACE_RULES).optional(),
        /** `--diff-algorithm` (`--minimal`, `--patience`, `--histogram`): in place of the repository's diff.algorithm. */
        algorithm: z.enum(DIFF_ALGORITHMS).optional(),
        /** `-U<n>`, `--inter-hunk-context=<n>`, `--[no-]indent-heuristic`: in place of diff.context, diff.interHunkContext, diff.indentHeuristic. */
        context: lineCount.optional(),
        interHunkContext: lineCount.optional(),
        indentHeuristic: z.boolean().optional(),
        /** `-W`, `--function-context`: each hunk shows the whole functions its changes are in. */
        functionContext: z.boolean().optional(),
      })
      .strict(),
    long: false,
    result: answers<VersionDiff>(),
  },
  commitDetails: { params: z.object({ dir, oid: rev }).strict(), long: false, result: answers<CommitDetails>() },
  /** `git blame --porcelain <rev> -- <path>` (default options; `-w` with ignoreWhitespace; `-M` with moveScore; `-C` with copies; `--ignore-rev`, `--ignore-revs-file` and `blame.ignoreRevsFile`; `-L` with lines or funcname). */
  blame: {
    params: z
      .object({
        dir,
        path: repoPath,
        /** A revision, or a range `A..B`: B blamed, the lines older than what A reaches left at A's side (git blame A..B). */
        rev: timelineRevSchema.optional(),
        ignoreWhitespace: z.boolean().optional(),
        /** `--minimal`: blame's diffs are the smallest (myers searched to the end, past xdiff's cost cut-offs). */
        minimal: z.boolean().optional(),
        /** `-M<score>`: lines moved within the file are followed to where they were (git's default score is 20). */
        moveScore: z.number().int().nonnegative().max(1_000_000).optional(),
        /** `-C<score>` given `level` times: lines copied from other files are followed there (git's default score is 40; implies -M). */
        copies: z
          .object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]), score: z.number().int().nonnegative().max(1_000_000) })
          .strict()
          .optional(),
        /** `--ignore-rev`: revisions whose changes blame passes over. */
        ignoreRevs: z.array(rev).max(10_000).optional(),
        /** `--ignore-revs-file`, a file of the work tree (e.g. `.git-blame-ignore-revs`): full commit ids, `#` comments. */
        ignoreRevsFile: repoPath.optional(),
        /** false: `--no-ignore-revs-file` (the repository's `blame.ignoreRevsFile` is not read). */
        ignoreRevsConfig: z.boolean().optional(),
        /** `--since`, seconds: lines older than that stay with the first older commit they reach (git's boundary). */
        since: z.number().int().safe().optional(),
        /** `--first-parent`: at a merge, lines are passed to its first parent only (which merge brought them in). */
        firstParent: z.boolean().optional(),
        /** `-L A,B`: only these lines (1-based, inclusive). */
        lines: z.object({ start: z.number().int().positive(), end: z.number().int().positive() }).strict().optional(),
        /** `-L :NAME`: only the lines of the first function NAME (a regex) matches, as git finds it. */
        funcname: z.string().min(1).max(1000).optional(),
        /** `-L START,END` as git reads it: line numbers, `/regex/`, `^/regex/`, `+N`, `-N` (main/lineLog/lineRangeSpec.ts). */
        range: lineRangeSpec.optional(),
        /** Each commit's signatures and summary as `git blame --porcelain` prints them. */
        porcelain: z.boolean().optional(),
        /** Several `-L`, in the order given (git searches each one's regex from the end of the one before). */
        ranges: lineRanges.optional(),
      })
      .strict()
      .refine(
        (p) => [p.lines, p.funcname, p.range, p.ranges].filter((x) => x !== undefined).length <= 1,
        'give one of lines, funcname, range, ranges',
      ),
    long: true,
    result: answers<BlameResult>(),
  },
  /**
   * `git log -L A,B:path` (lines, 1-based inclusive) or `git log -L :NAME:path` (funcname, a regex matched
   * against the file's function lines): the commits that changed those lines, each with its diff of them.
   */
  lineHistory: {
    params: z
      .object({
        dir,
        path: repoPath,
        rev: timelineRevSchema.optional(),
        lines: z.object({ start: z.number().int().positive(), end: z.number().int().positive() }).strict().optional(),
        funcname: z.string().min(1).max(1000).optional(),
        range: lineRangeSpec.optional(),
        /** Several `-L`, in the order given (git searches each one's regex from the end of the one before). */
        ranges: lineRanges.optional(),
        /** git log -L --since/--until: the walk stops at an older commit; a newer one is not listed. */
        window: timelineWindowSchema.optional(),
        /** git log -L --first-parent: first parents only; a merge is diffed against its first parent. */
        firstParent: z.boolean().optional(),
      })
      .strict()
      .refine(
        (p) => [p.lines, p.funcname, p.range, p.ranges].filter((x) => x !== undefined).length === 1,
        'give one of lines, funcname, range, ranges',
      ),
    long: true,
    result: answers<LineLogResult>(),
  },
  /** Partial answers: the ledger of the commits read so far (oldest first), now and then. */
  exportLedger: {
    /** `firstParent`: the first-parent line's ledger, each merge's changes against its first parent (git log --first-parent). */
    params: timelineKeySchema.extend({ firstParent: z.boolean().optional() }).strict(),
    long: true,
    result: answers<ExportLedger>(),
    partial: answers<ExportLedger>(),
  },
  /** The first release tag containing each commit of the timeline. */
  findReleases: { params: timelineKeySchema.strict(), long: true, result: answers<Record<string, string>>() },
  /** Per commit of the timeline, the stable branches (linux-X.Y.y, stable/vX.Y, …: isStableBranch; local or remote-tracking) that carry a backport of it. */
  findBackports: { params: timelineKeySchema.strict(), long: true, result: answers<Backports>() },
  /** Blame's diffs of the timeline's versions made ahead (after its counts), so blaming any version of it diffs nothing. */
  prepareBlame: { params: timelineKeySchema.strict(), long: true, result: answers<{ pairs: number }>() },
  /** Branches and tags, for the ref picker. Long: every tag is peeled (thousands in a kernel clone). */
  listRefs: { params: z.object({ dir }).strict(), long: true, result: answers<RefList>() },
  /** The C functions each commit of the timeline changed. Partial answers: the sets of the commits done since the last one. */
  changedFunctions: {
    /** `firstParent`: the first-parent line's commits, each merge's functions against its first parent. */
    params: timelineKeySchema.extend({ firstParent: z.boolean().optional() }).strict(),
    long: true,
    result: answers<Record<string, string[]>>(),
    partial: answers<Record<string, string[]>>(),
  },
  /**
   * `git log -S<text> -- path` over the timeline: the commits that change the number of occurrences of the text (the
   * search's `-S"text"`); with `regex`, `git log -G<text>`: those whose diff adds or removes a line the POSIX extended
   * regular expression matches (`-G"regex"`).
   */
  pickaxe: {
    params: timelineKeySchema
      .extend({
        text: z.string().min(1).max(200),
        regex: z.boolean().optional(),
        /** Over the first-parent line (git log --first-parent -S): a merge's diff is against its first parent. */
        firstParent: z.boolean().optional(),
      })
      .strict(),
    long: true,
    result: answers<string[]>(),
  },
  /**
   * git log's --author, --committer and --grep (with -i, -E, -F, --all-match, --invert-grep) over commits: those of
   * `oids` that pass, in their order.
   */
  grepCommits: {
    params: commitGrepSchema.extend({ dir, oids: z.array(z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/)).max(5_000_000) }).strict(),
    long: true,
    result: answers<string[]>(),
  },
  /** The timeline as the screen filters it (shared/timelineFilter.ts), in one format. */
  writeReport: {
    params: timelineKeySchema
      .extend({
        format: z.enum(['html', 'md', 'json', 'csv', 'pdf']),
        filter: timelineFilterSchema.optional(),
        /** The timeline as git log --first-parent lists it (the toolbar's First parent). */
        firstParent: z.boolean().optional(),
      })
      .strict(),
    long: true,
    result: answers<ReportResult>(),
  },
  /** Attaches a mail archive (public-inbox v2 folder, one epoch, v1 inbox, mbox file) to a repository and indexes it. */
  addArchive: { params: z.object({ dir, source: archiveSource }).strict(), long: true, result: answers<ArchiveSummary>() },
  /** Long: it reads every attached archive's index, and mirrors an attached address whose local copy is gone. */
  listArchives: { params: z.object({ dir }).strict(), long: true, result: answers<ArchiveSummary[]>() },
  /** Indexes only what each attached archive gained since its last index. */
  fetchArchives: { params: z.object({ dir }).strict(), long: true, result: answers<ArchiveSummary[]>() },
  /** Per timeline entry, in its order, the review thread that carried the commit's patch (docs/discussion-json.md). */
  discussion: {
    params: timelineKeySchema.extend({ archives: z.array(archiveSource).max(64).optional() }).strict(),
    long: true,
    result: answers<DiscussionEntry[]>(),
  },
  /** The commits of the timeline whose review thread mentions the text, any case (the filter's "discussion mentions"). */
  discussionMentions: {
    params: timelineKeySchema.extend({ text: z.string().min(1).max(200), archives: z.array(archiveSource).max(64).optional() }).strict(),
    long: true,
    result: answers<string[]>(),
  },
  /** A thread of the attached archives with its bodies, for reading. */
  discussionThread: {
    params: z
      .object({
        dir,
        messageId: z
          .string()
          .min(1)
          .max(998)
          .regex(/^<?[^<>\s]+>?$/, 'a Message-ID'),
      })
      .strict(),
    long: false,
    result: answers<DiscussionThread>(),
  },
  listRecent: { params: z.object({}).strict(), long: false, result: answers<RecentList>() },
  cancel: { params: z.object({ jobId: z.string().min(1).max(64) }).strict(), long: false, result: answers<{ cancelled: boolean }>() },
  /** Only links allowed by isAllowedExternalLink; a host without a browser of its own answers opened: false. */
  openExternal: {
    params: z.object({ url: z.string().url().max(2048) }).strict(),
    long: false,
    result: answers<{ opened: boolean; url: string }>(),
  },
  pickDirectory: {
    params: z.object({ title: z.string().max(200).optional() }).strict(),
    long: false,
    result: answers<{ dir: string | null }>(),
  },
} as const satisfies Record<string, MethodContract>;

interface MethodContract {
  readonly params: z.ZodType;
  readonly long: boolean;
  readonly result: unknown;
  readonly partial?: unknown;
}

/** The type of a method's answer, for the compiler only: the value is never read. */
function answers<T>(): T {
  return undefined as T;
}

export type ApiMethod = keyof typeof apiContract;
export type ApiParams<M extends ApiMethod> = z.infer<(typeof apiContract)[M]['params']>;
export type ApiResult<M extends ApiMethod> = (typeof apiContract)[M]['result'];
export type ApiResults = { [M in ApiMethod]: ApiResult<M> };
/** What a method sends before its answer (never, for a method whose contract has no `partial`). */
export type ApiPartial<M extends ApiMethod> = (typeof apiContract)[M] extends { readonly partial: infer P } ? P : never;
/** A request that passed validation: the method and its parameters, typed together. */
export type ValidRequest = { [M in ApiMethod]: { readonly method: M; readonly params: ApiParams<M> } }[ApiMethod];

export const API_METHODS = Object.keys(apiContract) as readonly ApiMethod[];

/** Work that may take long: it runs off the main thread, streams progress, and can be cancelled. */
export function isLongMethod(m: ApiMethod): boolean {
  return apiContract[m].long;
}

export interface ApiRequest {
  readonly id: string;
  readonly method: string;
  readonly params: unknown;
}
export type ApiMessage =
  | { readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly id: string; readonly ok: false; readonly error: ErrorInfo }
  | { readonly id: string; readonly progress: Progress }
  | { readonly id: string; readonly partial: unknown };

export function isApiMethod(m: string): m is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiContract, m);
}

/** Parses a request from an untrusted sender; throws InvalidRequest with a readable message when it does not fit. */
export function validateRequest(method: string, params: unknown): ValidRequest {
  if (!isApiMethod(method)) throw new StrataError('InvalidRequest', `Unknown method "${String(method).slice(0, 64)}".`);
  return { method, params: parseParams(method, params) } as ValidRequest;
}

export function parseParams<M extends ApiMethod>(method: M, params: unknown): ApiParams<M> {
  const parsed = apiContract[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    throw new StrataError('InvalidRequest', `Invalid ${method} request: ${why}`);
  }
  return parsed.data as ApiParams<M>;
}

/** Links that may leave the app, opened in the user's browser. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'lore.kernel.org',
  'git.kernel.org',
  'lkml.kernel.org',
  'patchwork.kernel.org',
  'bugzilla.kernel.org',
  // kernel.org's redirector from a message id to its lore thread: b4 writes `Link: https://patch.msgid.link/<id>`, as
  // most kernel commits since 2024 carry it
  'patch.msgid.link',
  // a commit on its repository's web view (shared/repoWebView.ts)
  'github.com',
  'gitlab.com',
  // the trackers kernel commits link with Closes:/Link: — syzbot's dashboard (its Reported-by: syzbot+id@ too,
  // shared/trailers.ts syzbotReportUrl), DRM's and Mesa's issues, Ubuntu's kernel BugLink:s
  'syzkaller.appspot.com',
  'gitlab.freedesktop.org',
  'bugs.launchpad.net',
];

export function isAllowedExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_LINK_HOSTS.includes(u.hostname) && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** How a call is asked, beside its parameters (sent in the request, next to its id). */
export interface CallOptions {
  /**
   * Nobody waits on a screen for the answer (badges filled in, blame prepared ahead): a long job asked so
   * gives way to those somebody waits on.
   */
  readonly background?: boolean;
}

/** What the renderer talks to, over IPC or the web host alike. */
export interface StrataClient {
  call<M extends ApiMethod>(
    method: M,
    params: ApiParams<M>,
    onProgress?: (p: Progress) => void,
    onPartial?: (part: ApiPartial<M>) => void,
    options?: CallOptions,
  ): { jobId: string; result: Promise<ApiResult<M>> };
  readonly kind: 'electron' | 'web';
}
