import type { HostHandler } from '../handler';

export const handler: HostHandler<'pickDirectory'> = {
  async host({ title }, ctx) {
    return { dir: await ctx.hooks.pickDirectory(title) };
  },
};
