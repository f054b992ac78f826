import { grepCommits } from '../../services/grepCommits';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'grepCommits'> = {
  async run({ dir, ...asked }, ctx) {
    return grepCommits({ repo: await ctx.repositories.open(dir), ...asked, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
