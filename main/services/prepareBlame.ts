import type { Progress } from '../../shared/model';
import { prepareLineMaps } from '../blame/prepareLineMaps';
import { timelineOf, type RepositoryTimelineKey } from './indexFileHistory';

/**
 * Blame's diffs of a file's versions (each against its first parent), made once its timeline is open and kept
 * on the repository handle: the Blame tab, "blame before this commit" and blame at any version of the timeline
 * then follow lines without diffing.
 */
export async function prepareBlame(
  o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<{ pairs: number }> {
  const timeline = await timelineOf(o, o.signal);
  const pairs = await prepareLineMaps({
    repo: o.repo,
    timeline,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { pairs };
}
