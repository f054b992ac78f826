import { blame } from '../../services/blame';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'blame'> = {
  async run({ dir, ...params }, ctx) {
    return blame({ repo: await ctx.repositories.open(dir), ...params });
  },
};
