import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'openRepository'> = {
  async run({ dir }, ctx) {
    return (await ctx.repositories.open(dir)).info;
  },
};
