import { listRecent } from '../../services/recentRepositories';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'listRecent'> = {
  run(_params, ctx) {
    return listRecent(ctx.home);
  },
};
