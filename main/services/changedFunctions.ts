import path from 'node:path';
import type { Progress } from '../../shared/model';
import { parentDiffRequest } from '../../shared/parentDiff';
import type { TimelineKey } from '../../shared/timelineKey';
import { functionsChanged } from '../analysis/functionsChanged';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';
import { indexFileHistory } from './indexFileHistory';
import { diffVersions } from './fileVersions';

/**
 * For each commit of a file's timeline, the C functions whose lines it changed
 * (the ground for a function filter and a function's own history, as
 * `git log -L :name:file` lists it). Kept on disk per HEAD.
 */
export async function changedFunctions(o: TimelineKey & { home: string; signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<Record<string, string[]>> {
  const timeline = await indexFileHistory({ dir: o.dir, path: o.path, follow: o.follow, ...(o.rev ? { rev: o.rev } : {}), home: o.home, ...(o.signal ? { signal: o.signal } : {}) });
  const file = path.join(o.home, 'repos', timeline.repo.id, 'functions', `${Buffer.from(`${o.follow}:${timeline.path}`).toString('base64url')}.json`);
  const stored = await readFileIfExists(file);
  if (stored) {
    try {
      const data = JSON.parse(stored) as { head: string; functions: Record<string, string[]> };
      if (data.head === timeline.head) return data.functions;
    } catch {
      /* rebuilt below */
    }
  }
  const functions: Record<string, string[]> = {};
  for (const [i, e] of timeline.entries.entries()) {
    if (o.signal?.aborted) return functions;
    if (i % 20 === 0) o.onProgress?.({ phase: 'Finding changed functions', loaded: i, total: timeline.entries.length });
    const d = await diffVersions(parentDiffRequest(o.dir, e));
    functions[e.oid] = d.from.binary || d.to.binary ? [] : functionsChanged(d.from.text, d.to.text);
  }
  await writeFileAtomic(file, JSON.stringify({ head: timeline.head, functions }));
  return functions;
}
