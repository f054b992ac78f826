import { StrataError } from '../../shared/errors';
import { serverText } from './serverText';

/** Bytes of a non-git answer looked at to say what it is. */
export const SNIFF_BYTES = 512;

const isWebPage = (contentType: string, head: string) =>
  /^\s*(text\/html|application\/xhtml)/i.test(contentType) || /^\s*<(!doctype\s+html|html|head|body|!--)/i.test(head);

/** A dumb-HTTP info/refs: empty (an empty repository), or lines of "<oid>\t<ref>". */
const isDumbRefList = (head: string) => head.length === 0 || /^[0-9a-f]{40}\t\S/.test(head);

/**
 * What an answer that is not git's smart HTTP protocol was, as a user can act on it: a web page (a
 * login or error page), a repository served as plain files (dumb HTTP), or something else.
 */
export function notGitAnswer(address: string, contentType: string, head: Buffer, request: 'refs' | 'pack'): StrataError {
  const text = head.toString('latin1');
  if (isWebPage(contentType, text))
    return new StrataError(
      'NotAGitRepository',
      `${address}: the server answered with a web page, not a git repository (a login page?) — check the address.`,
    );
  if (request === 'refs' && isDumbRefList(text))
    return new StrataError(
      'NotAGitRepository',
      `${address} is served as plain files ("dumb" HTTP): this server does not speak git's smart HTTP protocol, which Strata clones with. Clone it with git (git clone ${address}) and open that folder.`,
    );
  const type = serverText(contentType).trim() || 'no content type';
  return new StrataError(
    'NotAGitRepository',
    `${address} did not answer as a git repository (${request === 'refs' ? 'its list of refs' : 'its answer to the pack request'} came as ${type}) — check the address.`,
  );
}

/** Up to SNIFF_BYTES of a response, read through `next` (each read watched for silence by the caller). */
export async function sniff(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    chunks.push(c);
    n += c.length;
    if (n >= SNIFF_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}
