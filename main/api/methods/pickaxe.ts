import { pickaxeCommits } from '../../services/pickaxe';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'pickaxe'> = {
  async run({ dir, text, ...key }, ctx) {
    return pickaxeCommits({ repo: await ctx.repositories.open(dir), ...key, text, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
