import path from 'node:path';
import type { Progress } from '../../shared/model';
import type { ArchiveSummary } from '../../shared/discussion';
import { StrataError } from '../../shared/errors';
import type { Repository } from '../repository/repository';
import { ArchiveIndex } from './archiveIndex';
import { locateArchive } from './locateArchive';
import { kindOfGitdir } from './readArchiveMessages';
import { RepositoryArchives } from './repositoryArchives';

interface Ctx {
  readonly home: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** A local archive path as it is remembered; http(s) addresses are refused with what to do instead. */
export function archiveSourcePath(source: string): string {
  if (/^https?:\/\//i.test(source)) {
    throw new StrataError(
      'InvalidRequest',
      `Strata does not clone archives over http yet: clone it first (git clone --mirror ${source}/0 …/git/0.git, one per epoch) and add the folder.`,
    );
  }
  return path.resolve(source);
}

/** Attaches an archive to a repository (remembered per repository) and indexes it. */
export async function attachArchive(o: { repo: Repository; source: string } & Ctx): Promise<ArchiveSummary> {
  const source = archiveSourcePath(o.source);
  const { info } = o.repo;
  const index = new ArchiveIndex(o.home, await locateArchive(source, kindOfGitdir));
  const { added, total } = await index.update({
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  await new RepositoryArchives(o.home, info.id).add(source);
  return { source, kind: index.location.kind, messages: total, added };
}

/** The archives attached to a repository, with how many messages each index holds. */
export async function listArchives(o: { repo: Repository } & Ctx): Promise<ArchiveSummary[]> {
  const { info } = o.repo;
  const out: ArchiveSummary[] = [];
  for (const source of await new RepositoryArchives(o.home, info.id).list()) {
    const index = new ArchiveIndex(o.home, await locateArchive(source, kindOfGitdir));
    out.push({ source, kind: index.location.kind, messages: (await index.load()).length, added: 0 });
  }
  return out;
}

/** Indexes what each attached archive gained since its last index (new messages only). */
export async function fetchArchives(o: { repo: Repository } & Ctx): Promise<ArchiveSummary[]> {
  const { info } = o.repo;
  const out: ArchiveSummary[] = [];
  for (const source of await new RepositoryArchives(o.home, info.id).list()) {
    const index = new ArchiveIndex(o.home, await locateArchive(source, kindOfGitdir));
    const { added, total } = await index.update({
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    out.push({ source, kind: index.location.kind, messages: total, added });
  }
  return out;
}
