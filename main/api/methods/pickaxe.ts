import { pickaxeCommits } from '../../services/pickaxe';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'pickaxe'> = {
  async run({ dir, text, regex, ...key }, ctx) {
    return pickaxeCommits({
      repo: await ctx.repositories.open(dir),
      ...key,
      text,
      ...(regex ? { regex } : {}),
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
};
