import type { Progress } from '../../shared/model';
import { CommitLinkSource } from '../history/commitLinks';
import { firstContainingTag } from '../history/firstContainingTag';
import { indexFileHistory, type RepositoryTimelineKey } from './indexFileHistory';

/**
 * The first release tag containing each commit of a file's timeline. Kept apart
 * from the index itself: the timeline shows first, releases fill in after.
 */
export async function findReleases(o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<Record<string, string>> {
  const timeline = await indexFileHistory({ repo: o.repo, path: o.path, follow: o.follow, ...(o.rev ? { rev: o.rev } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  const { store, index } = o.repo;
  const key = `${timeline.head}\n${timeline.tags.map((t) => `${t.name} ${t.commit}`).sort().join('\n')}`;
  const stored = await index.loadReleases(timeline.path, o.follow);
  if (stored && stored.key === key) return { ...stored.releases };
  o.onProgress?.({ phase: 'Finding the release of each commit', loaded: 0, total: timeline.tags.length });
  const links = new CommitLinkSource(store, await index.loadCommitLinks(), await store.shallowCommits());
  const releases = await firstContainingTag(links, timeline.tags, new Set(timeline.entries.map((e) => e.oid)), o.signal);
  if (!o.signal?.aborted) {
    if (links.commitsRead > 0) await index.saveCommitLinks(links.known);
    await index.saveReleases(timeline.path, o.follow, { key, releases });
  }
  return releases;
}
