import { attachArchive } from '../../archive/manageArchives';
import { RepositoryArchives } from '../../archive/repositoryArchives';
import { ensureSampleArchive, ensureSampleRepository, SAMPLE_PATH } from '../../services/sampleRepository';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'openSample'> = {
  async run(_params, ctx) {
    ctx.onProgress?.({ phase: 'Preparing the sample repository', loaded: 0 });
    const dir = await ensureSampleRepository(ctx.home);
    const repo = await ctx.repositories.open(dir);
    // the sample comes with its list archive, attached once, so the Discussion tab has the HMM story offline
    const mbox = await ensureSampleArchive(ctx.home);
    if (!(await new RepositoryArchives(ctx.home, repo.info.id).list()).includes(mbox)) {
      ctx.onProgress?.({ phase: 'Indexing the sample mailing-list archive', loaded: 0 });
      await attachArchive({ repo, source: mbox, home: ctx.home, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    }
    return { repo: repo.info, path: SAMPLE_PATH };
  },
};
