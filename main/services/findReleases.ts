import type { Progress } from '../../shared/model';
import { openCommitTable } from '../history/openCommitTable';
import { firstContainingTag } from '../history/firstContainingTag';
import { isWholeHistory, timelineOf, type RepositoryTimelineKey } from './indexFileHistory';

/**
 * The first release tag containing each commit of a file's timeline. Kept apart
 * from the index itself: the timeline shows first, releases fill in after.
 */
export async function findReleases(
  o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<Record<string, string>> {
  const timeline = await timelineOf(o, o.signal);
  const { store, index } = o.repo;
  // (2: only the whole history's are kept; a range's were once kept by its HEAD, standing for the whole history's;
  // 3: tags in other projects' spellings are ordered as versions, no longer by name; 4: -pre before -rc; 5: lettered
  // releases, tmux's 3.1a, are versions; 6: a release another contains comes first, a date is no version;
  // 7: libevent's release-2.1.12-stable is a version; 8: so are iproute2's dated v2.6.19-061214)
  const key = `8\n${timeline.head}\n${timeline.tags
    .map((t) => `${t.name} ${t.commit}`)
    .sort()
    .join('\n')}`;
  // a range's (A..B) commits have the releases they have in the whole history: taken from its, never kept as its
  const whole = isWholeHistory(timeline);
  const stored = await index.loadReleases(timeline.path, o.follow);
  if (stored && stored.key === key) {
    if (whole) return { ...stored.releases };
    const inRange: Record<string, string> = {};
    for (const e of timeline.entries) if (stored.releases[e.oid] !== undefined) inRange[e.oid] = stored.releases[e.oid]!;
    return inRange;
  }
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
  if (!o.signal?.aborted && whole) await index.saveReleases(timeline.path, o.follow, { key, releases });
  return releases;
}
