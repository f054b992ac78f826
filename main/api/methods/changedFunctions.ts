import { changedFunctions } from '../../services/changedFunctions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'changedFunctions'> = {
  async run({ dir, ...key }, ctx) {
    return changedFunctions({
      repo: await ctx.repositories.open(dir),
      ...key,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onPartial: ctx.onPartial,
    });
  },
};
