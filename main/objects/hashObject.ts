import crypto from 'node:crypto';

/** An object's id: SHA-1 of "<type> <size>\0" and its content. */
export const hashObject = (type: string, data: Uint8Array): Buffer =>
  crypto.createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest();
