import { prepareBlame } from '../../services/prepareBlame';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'prepareBlame'> = {
  async run({ dir, ...key }, ctx) {
    return prepareBlame({ repo: await ctx.repositories.open(dir), ...key, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
