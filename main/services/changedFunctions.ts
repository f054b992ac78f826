import type { Progress } from '../../shared/model';
import { parentDiffRequest } from '../../shared/parentDiff';
import { functionsChanged } from '../analysis/functionsChanged';
import { timelineOf, type RepositoryTimelineKey } from './indexFileHistory';
import { diffVersions } from './fileVersions';

/**
 * For each commit of a file's timeline, the C functions whose lines it changed
 * (the ground for a function filter and a function's own history, as
 * `git log -L :name:file` lists it). Kept on disk per HEAD.
 */
export async function changedFunctions(
  o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<Record<string, string[]>> {
  const timeline = await timelineOf(o, o.signal);
  const head = timeline.head ?? '';
  const stored = await o.repo.index.loadFunctions(timeline.path, o.follow, head);
  if (stored) return stored;
  const functions: Record<string, string[]> = {};
  for (const [i, e] of timeline.entries.entries()) {
    if (o.signal?.aborted) return functions;
    if (i % 20 === 0) o.onProgress?.({ phase: 'Finding changed functions', loaded: i, total: timeline.entries.length });
    const d = await diffVersions({ ...parentDiffRequest(timeline.repo.dir, e), repo: o.repo });
    functions[e.oid] = d.from.binary || d.to.binary ? [] : functionsChanged(d.from.text, d.to.text);
  }
  await o.repo.index.saveFunctions(timeline.path, o.follow, head, functions);
  return functions;
}
