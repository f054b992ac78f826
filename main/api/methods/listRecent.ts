import { readRecentList } from '../../services/recentRepositories';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'listRecent'> = {
  run(_params, ctx) {
    return readRecentList(ctx.home);
  },
};
