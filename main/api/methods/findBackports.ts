import { findBackports } from '../../services/findBackports';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'findBackports'> = {
  async run({ dir, ...key }, ctx) {
    return findBackports({ repo: await ctx.repositories.open(dir), ...key, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
