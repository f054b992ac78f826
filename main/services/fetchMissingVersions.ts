import { isObjectMissing, StrataError } from '../../shared/errors';
import { readConfigValue } from '../git/gitConfig';
import { diffTrees } from '../history/diffTrees';
import { PathEntryLookup } from '../history/pathEntries';
import { entryMode, entryOid, isFolderMode } from '../objects/entryKey';
import type { ObjectStore } from '../objects/objectStore';
import { streamingFetchObjects } from '../transport/streamingClone';
import { type IndexFileHistoryOptions, timelineOf } from './indexFileHistory';
import { gitFetchAdvice, promisorRemote } from './missingVersions';
import { rootTreeOf } from './readVersions';

/** Which timeline's versions: as indexFileHistory is asked for it. */
export type FetchMissingVersionsOptions = Omit<IndexFileHistoryOptions, 'onPartial'>;

export interface FetchedVersions {
  /** The partial clone's promisor remote they came from. */
  readonly remote: string;
  /** Versions (blobs) that were missing and came. */
  readonly fetched: number;
}

/** Objects asked for in one request at most (a request names each in 50 bytes). */
const PER_REQUEST = 10_000;

/**
 * Brings the versions of a file's timeline that a partial clone left on its promisor remote (git clone
 * --filter=blob:none): each version and the one its commit is measured against, asked for by id in one request,
 * as git fetches what one of its commands needs. Then the timeline's counts, its diffs and blame have what they
 * read. Over HTTP(S), as Strata clones; for another transport the error gives the git command that fetches them.
 */
export async function fetchMissingVersions(o: FetchMissingVersionsOptions): Promise<FetchedVersions> {
  const { repo } = o;
  const gitdir = repo.info.gitdir;
  const remote = promisorRemote(gitdir);
  if (remote === null)
    throw new StrataError(
      'InvalidRequest',
      `${repo.info.dir} is not a partial clone (no remote is its promisor), so no remote holds versions it lacks; git fsck names anything missing.`,
    );
  const progress = o.onProgress ?? (() => undefined);
  const timeline = await timelineOf({ repo, path: o.path, follow: o.follow ?? false, ...(o.rev ? { rev: o.rev } : {}) }, o.signal);
  progress({ phase: 'Finding missing versions', loaded: 0, total: timeline.entries.length });
  const lookup = new PathEntryLookup(repo.store, false);
  const wanted = new Set<string>();
  // a file's version (not a folder's tree, not a submodule's commit)
  const want = (key: string | null) => {
    const mode = entryMode(key);
    if (key && mode !== '160000' && !isFolderMode(mode)) wanted.add(entryOid(key)!);
  };
  for (const [i, e] of timeline.entries.entries()) {
    if (o.signal?.aborted) throw cancelled();
    if (e.directory) continue;
    if (e.blob) wanted.add(e.blob);
    // the version its +/- counts and its diff are measured against: the first parent's, at the path it had there
    const parent = e.parents[0];
    if (parent) {
      const parentTree = await rootTreeOf(repo.store, parent);
      want(await lookup.entryAt(parentTree, e.oldPath ?? e.path));
      // where the file was added: the files that commit deleted, the renames a --follow search (and blame, and the
      // note that the list ends at a rename) weighs first; the files it kept (copies) are left, as many as the tree's
      if (e.status === 'A')
        for (const c of await diffTrees(repo.store, parentTree, await rootTreeOf(repo.store, e.oid)))
          if (c.status === 'D') want(await lookup.entryAt(parentTree, c.path));
    }
    if (i % 200 === 0) progress({ phase: 'Finding missing versions', loaded: i, total: timeline.entries.length });
  }
  const missing: string[] = [];
  for (const oid of wanted) if (!(await present(repo.store, oid))) missing.push(oid);
  if (missing.length === 0) return { remote, fetched: 0 };
  const url = await readConfigValue(gitdir, `remote.${remote}.url`);
  if (!url || !/^https?:\/\//i.test(url)) {
    throw new StrataError(
      'InvalidRequest',
      `${missing.length} version${missing.length === 1 ? '' : 's'} of ${timeline.path} ${missing.length === 1 ? 'is' : 'are'} on the remote "${remote}"` +
        `${url ? ` (${url})` : ''}, which Strata cannot fetch from: it speaks git over HTTP(S) only. ${gitFetchAdvice(repo.info.dir, timeline.path)}`,
    );
  }
  for (let from = 0; from < missing.length; from += PER_REQUEST) {
    const oids = missing.slice(from, from + PER_REQUEST);
    await streamingFetchObjects({
      gitdir,
      url,
      oids,
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (p) =>
        progress({
          ...p,
          message: [`${missing.length.toLocaleString('en')} missing versions of ${timeline.path}`, p.message].filter(Boolean).join(' · '),
        }),
    });
  }
  repo.store.refresh();
  const lacking: string[] = [];
  for (const oid of missing) if (!(await present(repo.store, oid))) lacking.push(oid);
  if (lacking.length)
    throw new StrataError(
      'NetworkLost',
      `${url} sent ${missing.length - lacking.length} of the ${missing.length} missing versions of ${timeline.path}; ` +
        `${lacking[0]!.slice(0, 12)}${lacking.length > 1 ? ` and ${lacking.length - 1} more` : ''} did not come (what came is kept).`,
    );
  return { remote, fetched: missing.length };
}

async function present(store: ObjectStore, oid: string): Promise<boolean> {
  if (store.objectType) return store.objectType(oid) !== null;
  try {
    await store.readObject(oid);
    return true;
  } catch (err) {
    if (isObjectMissing(err)) return false;
    throw err;
  }
}

function cancelled(): StrataError {
  return new StrataError('Cancelled', 'Fetching the missing versions was cancelled; what had arrived is kept.');
}
