import type { Progress } from '../../shared/model';
import { openCommitTable } from '../history/openCommitTable';
import { firstContainingTag } from '../history/firstContainingTag';
import { timelineOf, type RepositoryTimelineKey } from './indexFileHistory';

/**
 * The first release tag containing each commit of a file's timeline. Kept apart
 * from the index itself: the timeline shows first, releases fill in after.
 */
export async function findReleases(
  o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<Record<string, string>> {
  const timeline = await timelineOf(o, o.signal);
  const { store, index } = o.repo;
  const key = `${timeline.head}\n${timeline.tags
    .map((t) => `${t.name} ${t.commit}`)
    .sort()
    .join('\n')}`;
  const stored = await index.loadReleases(timeline.path, o.follow);
  if (stored && stored.key === key) return { ...stored.releases };
  o.onProgress?.({ phase: 'Finding the release of each commit', loaded: 0, total: timeline.tags.length });
  // the same table the walk used, with what the tags reach (a stable branch's tags are not behind HEAD)
  const shallowSet = await store.shallowCommits();
  const { table } = await openCommitTable({
    store,
    index,
    refs: o.repo.refs,
    heads: [...(timeline.head ? [timeline.head] : []), ...timeline.tags.map((t) => t.commit)],
    shallow: shallowSet,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const shallow = new Set([...shallowSet].map((oid) => table.positionOf(oid)).filter((pos) => pos >= 0));
  const releases = await firstContainingTag({
    table,
    tags: timeline.tags,
    wanted: new Set(timeline.entries.map((e) => e.oid)),
    shallow,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (!o.signal?.aborted) await index.saveReleases(timeline.path, o.follow, { key, releases });
  return releases;
}
