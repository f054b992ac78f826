import { isAllowedExternalLink } from '../../../shared/api';
import { StrataError } from '../../../shared/errors';
import type { HostHandler } from '../handler';

export const handler: HostHandler<'openExternal'> = {
  async host({ url }, ctx) {
    if (!isAllowedExternalLink(url)) {
      throw new StrataError(
        'InvalidRequest',
        `Links to ${hostOf(url)} are not opened from Strata; only kernel.org mailing-list and git addresses, GitHub and GitLab are.`,
      );
    }
    return { opened: await ctx.hooks.openExternal(url), url };
  },
};

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'that address';
  } catch {
    return 'that address';
  }
}
