import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api';
import type { Progress } from '../../shared/model';
import type { RepositoryPool } from '../repository/repositoryPool';
import type { PdfPrinter } from '../reports/printReportPdf';

/** What a method's service work is given; handlers keep no state of their own. */
export interface MethodContext {
  /** The folder of Strata's on-disk state (see strataHome). */
  readonly home: string;
  /** Where services get their repository handles (opened once, cached per git directory). */
  readonly repositories: RepositoryPool;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** A long method's partial answers (see `partial` in shared/api.ts), to the caller as they come. */
  readonly onPartial?: (part: unknown) => void;
}

/** What differs between hosts: a desktop opens links and folder pickers itself; a browser or a terminal does not. */
export interface HostHooks {
  /** Called only with links isAllowedExternalLink accepts; false where the host has no browser to hand them to. */
  openExternal(url: string): Promise<boolean>;
  pickDirectory(title?: string): Promise<string | null>;
  /** Prints a self-contained HTML page to PDF (Electron's printToPDF, or headless Chromium); a report is printed by printReportPdf, in parts. */
  printPdf: PdfPrinter;
  /** The recent list was written (the desktop rebuilds its Recent menu). */
  recentChanged?(): void;
}

/** What a method's host part is given. */
export interface HostContext<M extends ApiMethod> {
  readonly hooks: HostHooks;
  /** Aborted when the caller cancels this call (or goes away): the host's own part stops with it. */
  readonly signal: AbortSignal;
  /** The host's own part's progress, as the service's streams. */
  readonly onProgress: (p: Progress) => void;
  /** This method's `run`, as the host runs service work (long work in a worker: progress streams, cancel stops it). */
  service(params: ApiParams<M>): Promise<ApiResult<M>>;
  /** Cancels a job this host runs; false where it runs none with that id. */
  cancel(jobId: string): boolean;
}

/** What a follow-up is given, in a host that keeps running (the app, the web host; not the command line). */
export interface FollowUpContext {
  readonly home: string;
  readonly hooks: HostHooks;
  /**
   * Starts a long method in the background, not awaited and never reported (a failure costs only speed):
   * at most one job per `key` at a time, and none again for a `key` finished at the same `version`.
   */
  background<B extends ApiMethod>(method: B, params: ApiParams<B>, once: { key: string; version: string }): void;
}

// Function-typed properties, not methods: their parameters are checked strictly, so a handler written for
// one method's parameters does not fit another's.

/** A method answered by the services; it runs wherever the caller is (a worker, the command line, a test). */
export interface ServiceHandler<M extends ApiMethod> {
  readonly run: (params: ApiParams<M>, ctx: MethodContext) => Promise<ApiResult<M>>;
  /** The host's part around run, where the host adds something only it can do (printing a PDF). */
  readonly host?: (params: ApiParams<M>, ctx: HostContext<M>) => Promise<ApiResult<M>>;
  /** Follow-up in the host once run has answered (once per job, however many identical calls share it), awaited before the answer is sent. */
  readonly after?: (params: ApiParams<M>, result: ApiResult<M>, ctx: FollowUpContext) => Promise<void>;
}

/** A method only a host can answer (a dialog, the user's browser, the host's job list). */
export interface HostHandler<M extends ApiMethod> {
  readonly run?: undefined;
  readonly host: (params: ApiParams<M>, ctx: HostContext<M>) => Promise<ApiResult<M>>;
  readonly after?: undefined;
}

export type Handler<M extends ApiMethod> = ServiceHandler<M> | HostHandler<M>;

/** Every method's handler, each loaded when first asked: the compiler fails when a method of the contract has none. */
export type HandlerLoaders = { readonly [M in ApiMethod]: () => Promise<Handler<M>> };
