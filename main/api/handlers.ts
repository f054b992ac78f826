import type { ApiMethod } from '../../shared/api';
import type { Handler, HandlerLoaders } from './handler';

/**
 * One handler per method of shared/api.ts, each loaded when first asked: a command line run loads the
 * services of its one method, not every service (the archive's, the reports'...). A method without one does
 * not compile.
 */
const loaders: HandlerLoaders = {
  openSample: async () => (await import('./methods/openSample')).handler,
  openRepository: async () => (await import('./methods/openRepository')).handler,
  cloneRepository: async () => (await import('./methods/cloneRepository')).handler,
  fetchUpdates: async () => (await import('./methods/fetchUpdates')).handler,
  fetchMissingVersions: async () => (await import('./methods/fetchMissingVersions')).handler,
  indexFile: async () => (await import('./methods/indexFile')).handler,
  learnChanges: async () => (await import('./methods/learnChanges')).handler,
  readFile: async () => (await import('./methods/readFile')).handler,
  diffVersions: async () => (await import('./methods/diffVersions')).handler,
  commitDetails: async () => (await import('./methods/commitDetails')).handler,
  blame: async () => (await import('./methods/blame')).handler,
  lineHistory: async () => (await import('./methods/lineHistory')).handler,
  exportLedger: async () => (await import('./methods/exportLedger')).handler,
  findReleases: async () => (await import('./methods/findReleases')).handler,
  findBackports: async () => (await import('./methods/findBackports')).handler,
  prepareBlame: async () => (await import('./methods/prepareBlame')).handler,
  changedFunctions: async () => (await import('./methods/changedFunctions')).handler,
  pickaxe: async () => (await import('./methods/pickaxe')).handler,
  grepCommits: async () => (await import('./methods/grepCommits')).handler,
  writeReport: async () => (await import('./methods/writeReport')).handler,
  listRecent: async () => (await import('./methods/listRecent')).handler,
  listRefs: async () => (await import('./methods/listRefs')).handler,
  cancel: async () => (await import('./methods/cancel')).handler,
  openExternal: async () => (await import('./methods/openExternal')).handler,
  pickDirectory: async () => (await import('./methods/pickDirectory')).handler,
  addArchive: async () => (await import('./methods/addArchive')).handler,
  listArchives: async () => (await import('./methods/listArchives')).handler,
  fetchArchives: async () => (await import('./methods/fetchArchives')).handler,
  discussion: async () => (await import('./methods/discussion')).handler,
  discussionMentions: async () => (await import('./methods/discussionMentions')).handler,
  discussionThread: async () => (await import('./methods/discussionThread')).handler,
};

const loaded = new Map<ApiMethod, Promise<unknown>>();

/** The handler of `method`, its module loaded on the first call. */
export function handlerOf<M extends ApiMethod>(method: M): Promise<Handler<M>> {
  let h = loaded.get(method) as Promise<Handler<M>> | undefined;
  if (!h) {
    h = (loaders[method] as () => Promise<Handler<M>>)();
    loaded.set(method, h);
  }
  return h;
}

/** The methods the table has a handler for. */
export function handlerMethods(): ApiMethod[] {
  return Object.keys(loaders) as ApiMethod[];
}

/** Loads every handler (a host or a job worker, ahead of its first call, while it is idle). */
export async function loadAllHandlers(): Promise<void> {
  await Promise.all(handlerMethods().map((m) => handlerOf(m)));
}
