import { findReleases } from '../../services/findReleases';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'findReleases'> = {
  async run({ dir, ...key }, ctx) {
    return findReleases({ repo: await ctx.repositories.open(dir), ...key, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
