import { readThread } from '../../archive/readThread';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'discussionThread'> = {
  run(params, ctx) {
    return readThread({ ...params, home: ctx.home });
  },
};
