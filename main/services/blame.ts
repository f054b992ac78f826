import type { BlameCommit, BlameResult } from '../../shared/blame';
import { BlameCache, blameFile } from '../blame/blameFile';
import { parseCommit } from '../objects/parseCommit';
import { resolveRevision } from '../objects/resolveRevision';
import type { Repository } from '../repository/repository';
import { normalizeRepoPath } from './indexFileHistory';

export interface BlameRequest {
  readonly repo: Repository;
  readonly path: string;
  readonly rev?: string;
  readonly ignoreWhitespace?: boolean;
  /** Kept by a caller that blames one version after another (diffs between versions are reused). */
  readonly cache?: BlameCache;
}

/** Every line of the file at rev with the commit that last changed it, and what the gutter shows of those commits. */
export async function blame(request: BlameRequest): Promise<BlameResult> {
  const { repo } = request;
  const path = normalizeRepoPath(request.path);
  const oid = await resolveRevision(repo, request.rev ?? 'HEAD');
  const lines = await blameFile({
    repo,
    path,
    rev: oid,
    ...(request.ignoreWhitespace ? { ignoreWhitespace: true } : {}),
    ...(request.cache ? { cache: request.cache } : {}),
  });
  const commits: Record<string, BlameCommit> = {};
  for (const l of lines) {
    if (commits[l.oid]) continue;
    const c = parseCommit((await repo.store.readObject(l.oid)).data);
    commits[l.oid] = { author: c.author, summary: c.message.split('\n', 1)[0] ?? '', boundary: c.parents.length === 0 };
  }
  return { oid, path, lines, commits };
}
