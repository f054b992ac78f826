import { findReleases } from '../../services/findReleases';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'findReleases'> = {
  run(key, ctx) {
    return findReleases({ ...key, home: ctx.home, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
