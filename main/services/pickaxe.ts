import { StrataError } from '../../shared/errors';
import type { Progress, TimelineEntry } from '../../shared/model';
import { diffTrees } from '../history/diffTrees';
import { PathEntryLookup } from '../history/pathEntries';
import { entryOid } from '../objects/entryKey';
import type { Repository } from '../repository/repository';
import { timelineOf, type RepositoryTimelineKey } from './indexFileHistory';
import { ParentVersions } from './parentVersions';
import { readCommit } from './readVersions';
import { eventLoopTurns } from '../objects/eventLoopTurns';

/** Versions kept on the repository handle for the next pickaxe (each keystroke of `-S"…"` asks again). */
const KEPT_BYTES = 256 * 1024 * 1024;

/** Blob bytes by id, the least recently used dropped past KEPT_BYTES. */
class BlobCache {
  private readonly blobs = new Map<string, Buffer>();
  private bytes = 0;

  async read(repo: Repository, oid: string): Promise<Buffer | null> {
    const kept = this.blobs.get(oid);
    if (kept) {
      this.blobs.delete(oid);
      this.blobs.set(oid, kept);
      return kept;
    }
    const obj = await repo.store.readObject(oid).catch(() => null); // a submodule's commit is not here
    if (!obj || obj.type !== 'blob') return null;
    const data = Buffer.from(obj.data.buffer, obj.data.byteOffset, obj.data.byteLength);
    this.blobs.set(oid, data);
    this.bytes += data.length;
    while (this.bytes > KEPT_BYTES && this.blobs.size > 1) {
      const [first, b] = this.blobs.entries().next().value!;
      this.blobs.delete(first);
      this.bytes -= b.length;
    }
    return data;
  }
}

/** Occurrences of `needle` in `data`, counted as git's pickaxe counts them: left to right, not overlapping. */
export function countOccurrences(data: Buffer | null, needle: Buffer): number {
  if (data === null || needle.length === 0) return 0;
  let n = 0;
  for (let i = data.indexOf(needle); i >= 0; i = data.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * `git log -S<text> -- <path>` (with `--follow` when the timeline follows renames): the commits of the timeline in
 * whose diff the number of occurrences of the text in a file differs between the parent's version and the
 * commit's. As git's log, merges are not diffed and so never listed. The versions read are kept on the repository
 * handle, so the next string (the search box asks again as it is typed) reads nothing from the packs.
 */
export async function pickaxeCommits(
  o: RepositoryTimelineKey & { text: string; signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<string[]> {
  const timeline = await timelineOf(o, o.signal);
  const needle = Buffer.from(o.text, 'utf8');
  const blobs = o.repo.kept.get('pickaxeBlobs', () => new BlobCache());
  const counts = new Map<string, number>();
  const count = async (oid: string | null): Promise<number> => {
    if (oid === null) return 0;
    let n = counts.get(oid);
    if (n === undefined) counts.set(oid, (n = countOccurrences(await blobs.read(o.repo, oid), needle)));
    return n;
  };
  const versions = new ParentVersions(o.repo, timeline);
  const lookup = new PathEntryLookup(o.repo.store);
  const found: string[] = [];
  const total = timeline.entries.length;
  const turn = eventLoopTurns();
  for (const [i, e] of timeline.entries.entries()) {
    await turn();
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The -S search was cancelled.');
    if (i % 50 === 0) o.onProgress?.({ phase: `Finding commits that change "${o.text}"`, loaded: i, total });
    if (e.parents.length > 1) continue;
    const pairs = e.directory
      ? await directoryChanges(o.repo, lookup, e)
      : [{ before: await versions.beforeOid(e), after: versions.afterOid(e) }];
    for (const p of pairs)
      if ((await count(p.before)) !== (await count(p.after))) {
        found.push(e.oid);
        break;
      }
  }
  return found;
}

/** The file pairs a commit changed under a directory timeline's path (against its parent, at the old path after a rename). */
async function directoryChanges(
  repo: Repository,
  lookup: PathEntryLookup,
  e: TimelineEntry,
): Promise<{ before: string | null; after: string | null }[]> {
  const tree = (await readCommit(repo.store, e.oid)).tree;
  const parent = e.parents[0];
  const parentTree = parent ? ((await readCommit(repo.store, parent).catch(() => null))?.tree ?? null) : null;
  const here = await lookup.entryAt(tree, e.path);
  const there = parentTree ? await lookup.entryAt(parentTree, e.oldPath ?? e.path) : null;
  const dirOid = (k: string | null) => (k !== null && k.startsWith('040000 ') ? entryOid(k) : null);
  const changes = await diffTrees(repo.store, dirOid(there), dirOid(here), `${e.path}/`);
  return changes.map((c) => ({ before: c.before, after: c.after }));
}
