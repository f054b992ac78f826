import { discussionMentions } from '../../archive/discussFileHistory';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'discussionMentions'> = {
  async run({ dir, ...params }, ctx) {
    return discussionMentions({
      repo: await ctx.repositories.open(dir),
      ...params,
      home: ctx.home,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
};
