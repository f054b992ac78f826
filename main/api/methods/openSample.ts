import { ensureSampleRepository, SAMPLE_PATH } from '../../services/sampleRepository';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'openSample'> = {
  async run(_params, ctx) {
    ctx.onProgress?.({ phase: 'Preparing the sample repository', loaded: 0 });
    const dir = await ensureSampleRepository(ctx.home);
    return { repo: (await ctx.repositories.open(dir)).info, path: SAMPLE_PATH };
  },
};
