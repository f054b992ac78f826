import { lineHistory } from '../../services/lineHistory';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'lineHistory'> = {
  async run({ dir, ...params }, ctx) {
    return lineHistory({ repo: await ctx.repositories.open(dir), ...params, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
