import { learnChanges } from './learnChanges';
import path from 'node:path';
import type { ApiMethod, ApiResults } from '../../shared/api';
import { StrataError } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import { cloneRepository, fetchRepository, validateCloneUrl } from '../git/cloneRepository';
import { openRepository } from '../git/openRepository';
import { indexFileHistory } from './indexFileHistory';
import { commitDetails, diffVersions, readFileAt } from './fileVersions';
import { listRecent, rememberRecent } from './recentRepositories';
import { ensureSampleRepository, SAMPLE_PATH } from './sampleRepository';
import { buildExportLedger } from './exportLedger';
import { writeReport } from './writeReport';
import { findReleases } from './findReleases';
import { changedFunctions } from './changedFunctions';

export interface ServiceContext {
  readonly home: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Runs one validated API call against the services (no Electron, no transport). */
export async function runApiMethod<M extends ApiMethod>(method: M, params: unknown, ctx: ServiceContext): Promise<ApiResults[M]> {
  const run = async (): Promise<unknown> => {
    const p = params as Record<string, never>;
    const extra = { ...(ctx.signal ? { signal: ctx.signal } : {}), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) };
    switch (method) {
      case 'openSample': {
        ctx.onProgress?.({ phase: 'Preparing the sample repository', loaded: 0 });
        const dir = await ensureSampleRepository(ctx.home);
        return { repo: (await openRepository({ dir })).info, path: SAMPLE_PATH };
      }
      case 'openRepository':
        return (await openRepository({ dir: p.dir })).info;
      case 'cloneRepository': {
        const { url, dir, depth, since, resumable } = params as { url: string; dir?: string; depth?: number; since?: string; resumable?: boolean };
        const parsed = validateCloneUrl(url);
        const target = dir ?? path.join(ctx.home, 'clones', parsed.hostname, path.basename(parsed.pathname).replace(/\.git$/, '') || 'repository');
        await cloneRepository({ url, dir: target, ...(depth ? { depth } : {}), ...(since ? { since } : {}), ...(resumable !== undefined ? { resumable } : {}), ...extra });
        return (await openRepository({ dir: target })).info;
      }
      case 'fetchUpdates':
        return fetchRepository({ dir: p.dir, ...((params as { deepen?: number }).deepen ? { deepen: (params as { deepen: number }).deepen } : {}), ...extra });
      case 'indexFile': {
        const { dir, path: filePath, follow, rev } = params as { dir: string; path: string; follow: boolean; rev?: string };
        const timeline = await indexFileHistory({ dir, path: filePath, follow, home: ctx.home, ...(rev ? { rev } : {}), ...extra });
        await rememberRecent(ctx.home, { dir: timeline.repo.dir, path: timeline.path, follow });
        return timeline;
      }
      case 'learnChanges':
        return learnChanges({ dir: p.dir, home: ctx.home, ...extra });
      case 'readFile':
        return readFileAt(params as { dir: string; rev: string; path: string });
      case 'diffVersions':
        return diffVersions(params as { dir: string; path: string; from: string | null; to: string; fromPath?: string });
      case 'commitDetails':
        return commitDetails(params as { dir: string; oid: string });
      case 'exportLedger':
        return buildExportLedger({ ...(params as { dir: string; path: string; rev?: string }), home: ctx.home, ...extra });
      case 'findReleases':
        return findReleases({ ...(params as { dir: string; path: string; follow: boolean }), home: ctx.home, ...extra });
      case 'changedFunctions':
        return changedFunctions({ ...(params as { dir: string; path: string; follow: boolean }), home: ctx.home, ...extra });
      case 'writeReport':
        if ((params as { format: string }).format === 'pdf') throw new StrataError('InvalidRequest', 'PDF reports are printed by the app or the web host; ask for html here.');
        return writeReport({ ...(params as Parameters<typeof writeReport>[0]), home: ctx.home, ...extra });
      case 'listRecent':
        return listRecent(ctx.home);
      default:
        throw new StrataError('InvalidRequest', `${method} is not a service call.`);
    }
  };
  return (await run()) as ApiResults[M];
}
