import type { Backports, Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { parseMessageFacts } from '../../shared/trailers';
import { indexFileHistory, type RepositoryTimelineKey } from './indexFileHistory';
import { stableBranches } from './stableBranches';

/**
 * Where the commits of a file's history were backported: each stable branch's own timeline of the file
 * (indexed and kept like any other, at that branch) is read for the upstream commit each backport names
 * ("commit X upstream.", "[ Upstream commit X ]"). Kept on the repository handle while the branches stay put.
 */
export async function findBackports(
  o: RepositoryTimelineKey & { signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<Backports> {
  const branches = stableBranches(o.repo);
  const key = `${o.path}\0${o.follow}\0${branches.map((b) => `${b.name} ${b.commit}`).join('\0')}`;
  const kept = o.repo.kept.get('backports', () => new Map<string, Backports>());
  const known = kept.get(key);
  if (known) return known;
  const backported: Record<string, { branch: string; oid: string }[]> = {};
  for (const [i, branch] of branches.entries()) {
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'Looking for backports was cancelled.');
    o.onProgress?.({ phase: `Reading ${branch.name}`, loaded: i, total: branches.length });
    const timeline = await indexFileHistory({
      repo: o.repo,
      path: o.path,
      follow: o.follow,
      rev: branch.name,
      ...(o.signal ? { signal: o.signal } : {}),
    }).catch((err: unknown) => {
      // the file need not exist on every stable branch
      if (err instanceof StrataError && err.code === 'PathNotInRepository') return null;
      throw err;
    });
    for (const e of timeline?.entries ?? []) {
      const upstream = parseMessageFacts(`${e.subject}\n\n${e.body}`).upstream;
      if (upstream && upstream !== e.oid) (backported[upstream] ??= []).push({ branch: branch.name, oid: e.oid });
    }
  }
  const answer: Backports = { branches: branches.map((b) => b.name), backported };
  kept.set(key, answer);
  return answer;
}
