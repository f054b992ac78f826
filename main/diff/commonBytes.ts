const CHUNK = 32_768;

/** Bytes a and b start with alike. */
export function commonPrefix(a: Buffer, b: Buffer): number {
  return commonRunAt(a, 0, b, 0, Math.min(a.length, b.length));
}

/**
 * Bytes alike from a[aStart] and b[bStart] on, at most `limit`: compared natively 32 KiB, then 4 KiB, 512, then 64 bytes
 * at a time, then byte by byte (a run that ends early costs a few native calls and at most 64 bytes compared here).
 */
export function commonRunAt(a: Buffer, aStart: number, b: Buffer, bStart: number, limit: number): number {
  let k = 0;
  for (let chunk = CHUNK; chunk >= 64; chunk >>= 3) {
    while (k + chunk <= limit && a.compare(b, bStart + k, bStart + k + chunk, aStart + k, aStart + k + chunk) === 0) k += chunk;
  }
  while (k < limit && a[aStart + k] === b[bStart + k]) k++;
  return k;
}

/** Bytes a and b end with alike, at most `limit` (compared natively as commonRunAt does, from the ends). */
export function commonSuffix(a: Buffer, b: Buffer, limit = Math.min(a.length, b.length)): number {
  let k = 0;
  for (let chunk = CHUNK; chunk >= 64; chunk >>= 3) {
    while (k + chunk <= limit && a.compare(b, b.length - k - chunk, b.length - k, a.length - k - chunk, a.length - k) === 0) k += chunk;
  }
  while (k < limit && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}
