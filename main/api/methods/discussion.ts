import { discussFileHistory } from '../../archive/discussFileHistory';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'discussion'> = {
  run(params, ctx) {
    return discussFileHistory({ ...params, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
