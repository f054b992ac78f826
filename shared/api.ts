import { z } from 'zod';
import type { CommitDetails, FileVersion, Progress, RecentItem, RepositoryInfo, Timeline, VersionDiff } from './model';
import type { ErrorInfo } from './errors';
import type { ExportLedger } from './ledger';
import type { ReportResult } from './reports';

/**
 * The one API between the renderer and the services, used unchanged by Electron
 * IPC and by the web host. Every request is validated here: the renderer is untrusted.
 */
const repoPath = z.string().min(1).max(4096).refine((p) => !p.split(/[\\/]/).includes('..'), 'a path inside the repository');
const dir = z.string().min(1).max(4096);
const rev = z.string().min(1).max(256).regex(/^[\w./~^@{}-]+$/, 'a branch, tag or commit');

export const apiParams = {
  openSample: z.object({}).strict(),
  openRepository: z.object({ dir }).strict(),
  cloneRepository: z.object({
    url: z.string().min(1).max(2048),
    dir: dir.optional(),
    depth: z.number().int().positive().max(10_000_000).optional(),
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date like 2019-01-01').optional(),
    /** In steps that are kept as they land (default); false: one pack, faster, lost whole if the connection is cut. */
    resumable: z.boolean().optional(),
  }).strict(),
  fetchUpdates: z.object({ dir, deepen: z.number().int().positive().max(10_000_000).optional() }).strict(),
  indexFile: z.object({ dir, path: repoPath, follow: z.boolean(), rev: rev.optional() }).strict(),
  /** Background work after a first index: what each commit changed near the top of the tree. */
  learnChanges: z.object({ dir }).strict(),
  readFile: z.object({ dir, rev, path: repoPath }).strict(),
  diffVersions: z.object({ dir, path: repoPath, from: rev.nullable(), to: rev, fromPath: repoPath.optional() }).strict(),
  commitDetails: z.object({ dir, oid: rev }).strict(),
  exportLedger: z.object({ dir, path: repoPath, rev: rev.optional() }).strict(),
  findReleases: z.object({ dir, path: repoPath, follow: z.boolean() }).strict(),
  changedFunctions: z.object({ dir, path: repoPath, follow: z.boolean() }).strict(),
  writeReport: z.object({
    dir, path: repoPath, follow: z.boolean(),
    format: z.enum(['html', 'md', 'json', 'csv', 'pdf']),
    filter: z.object({
      from: z.string().max(40).optional(), to: z.string().max(40).optional(),
      author: z.string().max(200).optional(), text: z.string().max(200).optional(), function: z.string().max(200).optional(),
    }).strict().optional(),
  }).strict(),
  listRecent: z.object({}).strict(),
  cancel: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  openExternal: z.object({ url: z.string().url().max(2048) }).strict(),
  pickDirectory: z.object({ title: z.string().max(200).optional() }).strict(),
} as const;

export type ApiMethod = keyof typeof apiParams;
export type ApiParams<M extends ApiMethod> = z.infer<(typeof apiParams)[M]>;

export interface ApiResults {
  openSample: { repo: RepositoryInfo; path: string };
  openRepository: RepositoryInfo;
  cloneRepository: RepositoryInfo;
  fetchUpdates: { head: string | null; updated: boolean };
  indexFile: Timeline;
  learnChanges: { learned: number; commits: number };
  readFile: FileVersion;
  diffVersions: VersionDiff;
  commitDetails: CommitDetails;
  exportLedger: ExportLedger;
  findReleases: Record<string, string>;
  changedFunctions: Record<string, string[]>;
  writeReport: ReportResult;
  listRecent: readonly RecentItem[];
  cancel: { cancelled: boolean };
  openExternal: { opened: boolean; url: string };
  pickDirectory: { dir: string | null };
}

/** Work that may take long: it runs off the main thread, streams progress, and can be cancelled. */
export const LONG_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>(['openSample', 'cloneRepository', 'fetchUpdates', 'indexFile', 'learnChanges', 'exportLedger', 'findReleases', 'changedFunctions', 'writeReport']);

export interface ApiRequest { readonly id: string; readonly method: string; readonly params: unknown }
export type ApiMessage =
  | { readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly id: string; readonly ok: false; readonly error: ErrorInfo }
  | { readonly id: string; readonly progress: Progress };

export function isApiMethod(m: string): m is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiParams, m);
}

/** Parses a request from an untrusted sender; throws a readable message when it does not fit. */
export function validateRequest(method: string, params: unknown): { method: ApiMethod; params: unknown } {
  if (!isApiMethod(method)) throw Object.assign(new Error(`Unknown method "${method}".`), { code: 'InvalidRequest' });
  const parsed = apiParams[method].safeParse(params ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    throw Object.assign(new Error(`Invalid ${method} request: ${why}`), { code: 'InvalidRequest' });
  }
  return { method, params: parsed.data };
}

/** Links that may leave the app, opened in the user's browser. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['lore.kernel.org', 'git.kernel.org', 'lkml.kernel.org', 'patchwork.kernel.org', 'bugzilla.kernel.org'];

export function isAllowedExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_LINK_HOSTS.includes(u.hostname) && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** What the renderer talks to, over IPC or the web host alike. */
export interface StrataClient {
  call<M extends ApiMethod>(method: M, params: ApiParams<M>, onProgress?: (p: Progress) => void): { jobId: string; result: Promise<ApiResults[M]> };
  readonly kind: 'electron' | 'web';
}
