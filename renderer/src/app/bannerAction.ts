import type { ErrorInfo } from '../../../shared/errors';
import type { CloneRequest, OpenRequest } from './openRequests';

/** What the error banner offers to do about an error, from the error's fields (never from its wording). */
export type BannerAction =
  | { readonly label: string; readonly kind: 'open'; readonly request: OpenRequest }
  | { readonly label: string; readonly kind: 'clone'; readonly request: CloneRequest };

export function bannerAction(error: ErrorInfo | null, lastOpen: OpenRequest | null, lastClone: CloneRequest | null): BannerAction | null {
  if (!error) return null;
  if (error.code === 'PathNotInRepository' && error.suggestion && lastOpen) {
    return { label: `Open ${error.suggestion}`, kind: 'open', request: { ...lastOpen, path: error.suggestion } };
  }
  if ((error.code === 'NetworkLost' || error.code === 'HostUnreachable') && lastClone) {
    // cloning the same address into the same folder again resumes from the steps kept
    return { label: error.resumable ? 'Resume the clone' : 'Try again', kind: 'clone', request: lastClone };
  }
  return null;
}
