import { readThread } from '../../archive/readThread';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'discussionThread'> = {
  async run({ dir, ...params }, ctx) {
    return readThread({ repo: await ctx.repositories.open(dir), ...params, home: ctx.home });
  },
};
