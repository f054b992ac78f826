import { commitDetails } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'commitDetails'> = {
  run(params) {
    return commitDetails(params);
  },
};
