import { buildExportLedger } from '../../services/exportLedger';
import type { ServiceHandler } from '../handler';

export const handler: ServiceHandler<'exportLedger'> = {
  async run({ dir, ...key }, ctx) {
    return buildExportLedger({
      repo: await ctx.repositories.open(dir),
      ...key,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onPartial: ctx.onPartial,
    });
  },
};
