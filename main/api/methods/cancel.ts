import type { HostHandler } from '../handler';

export const handler: HostHandler<'cancel'> = {
  async host({ jobId }, ctx) {
    return { cancelled: ctx.cancel(jobId) };
  },
};
