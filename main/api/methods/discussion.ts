import { discussFileHistory } from '../../archive/discussFileHistory';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'discussion'> = {
  async run({ dir, ...params }, ctx) {
    return discussFileHistory({
      repo: await ctx.repositories.open(dir),
      ...params,
      home: ctx.home,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
};
