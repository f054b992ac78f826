import { learnChanges } from '../../services/learnChanges';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'learnChanges'> = {
  async run({ dir }, ctx) {
    return learnChanges({ repo: await ctx.repositories.open(dir), signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
