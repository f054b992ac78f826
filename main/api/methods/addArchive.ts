import { attachArchive } from '../../archive/manageArchives';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'addArchive'> = {
  async run({ dir, ...params }, ctx) {
    return attachArchive({
      repo: await ctx.repositories.open(dir),
      ...params,
      home: ctx.home,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
};
