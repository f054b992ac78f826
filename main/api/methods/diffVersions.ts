import { diffVersions } from '../../services/fileVersions';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'diffVersions'> = {
  run(params) {
    return diffVersions(params);
  },
};
