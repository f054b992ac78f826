import { changedFunctions } from '../../services/changedFunctions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'changedFunctions'> = {
  run(key, ctx) {
    return changedFunctions({ ...key, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
