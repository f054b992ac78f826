import { fetchArchives } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'fetchArchives'> = {
  async run({ dir, ...params }, ctx) {
    return fetchArchives({
      repo: await ctx.repositories.open(dir),
      ...params,
      home: ctx.home,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
};
