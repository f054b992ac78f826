import fs from 'node:fs';
import path from 'node:path';
import type { Progress } from '../../shared/model';
import type { ArchiveSummary } from '../../shared/discussion';
import type { Repository } from '../repository/repository';
import { ArchiveIndex } from './archiveIndex';
import { type ArchiveLocation, locateArchive } from './locateArchive';
import { isArchiveUrl, localArchivePath, mirrorRemoteArchive, normalizeArchiveUrl } from './remoteArchive';
import { kindOfGitdir } from './readArchiveMessages';
import { RepositoryArchives } from './repositoryArchives';

interface Ctx {
  readonly home: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** An archive source as it is remembered: an absolute path, or an http(s) address without its trailing slash. */
export function archiveSourcePath(source: string): string {
  return isArchiveUrl(source) ? normalizeArchiveUrl(source) : path.resolve(source);
}

/**
 * The archive a source names, on this machine: a path as it is; an address mirrored into STRATA_HOME first
 * where `mirror` says so (always on add and fetch; otherwise only when it was never cloned), so that reading
 * an attached archive works offline.
 */
export async function locateSource(
  home: string,
  source: string,
  o: { mirror: 'always' | 'missing'; signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<ArchiveLocation> {
  if (isArchiveUrl(source)) {
    const local = localArchivePath(home, source);
    if (o.mirror === 'always' || !fs.existsSync(local) || !fs.readdirSync(local).some((n) => n === 'git' || n === 'HEAD'))
      await mirrorRemoteArchive({
        home,
        source,
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      });
    return locateArchive(localArchivePath(home, source), kindOfGitdir);
  }
  return locateArchive(source, kindOfGitdir);
}

/** Attaches an archive to a repository (remembered per repository) and indexes it. */
export async function attachArchive(o: { repo: Repository; source: string } & Ctx): Promise<ArchiveSummary> {
  const source = archiveSourcePath(o.source);
  const { info } = o.repo;
  const index = new ArchiveIndex(o.home, await locateSource(o.home, source, { ...o, mirror: 'always' }));
  const { added, total, absent } = await index.update({
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  await new RepositoryArchives(o.home, info.id).add(source);
  return { source, kind: index.location.kind, messages: total, added, absent };
}

/** The archives attached to a repository, with how many messages each index holds. */
export async function listArchives(o: { repo: Repository } & Ctx): Promise<ArchiveSummary[]> {
  const { info } = o.repo;
  const out: ArchiveSummary[] = [];
  for (const source of await new RepositoryArchives(o.home, info.id).list()) {
    const index = new ArchiveIndex(o.home, await locateSource(o.home, source, { mirror: 'missing' }));
    out.push({ source, kind: index.location.kind, messages: await index.count(), added: 0, absent: await index.absentCount() });
  }
  return out;
}

/** Indexes what each attached archive gained since its last index (new messages only). */
export async function fetchArchives(o: { repo: Repository } & Ctx): Promise<ArchiveSummary[]> {
  const { info } = o.repo;
  const out: ArchiveSummary[] = [];
  for (const source of await new RepositoryArchives(o.home, info.id).list()) {
    const index = new ArchiveIndex(o.home, await locateSource(o.home, source, { ...o, mirror: 'always' }));
    const { added, total, absent } = await index.update({
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    out.push({ source, kind: index.location.kind, messages: total, added, absent });
  }
  return out;
}
