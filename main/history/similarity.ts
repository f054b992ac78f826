/**
 * git's rename score (diffcore-delta.c): both files are cut into spans that end
 * at a newline or after 64 bytes, each span hashed; the score is the share of
 * bytes of the larger file found in spans the source also has.
 */
import { isBinary } from '../diff/isBinary';

export const MAX_SCORE = 60000;
export const DEFAULT_MIN_SCORE = 30000; // git's -M default, 50%
const HASHBASE = 107927;

export { isBinary };

export function spanHashes(data: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>();
  const text = !isBinary(data);
  let accum1 = 0;
  let accum2 = 0;
  let n = 0;
  const len = data.length;
  for (let i = 0; i < len; i++) {
    const c = data[i]!;
    if (text && c === 13 && i + 1 < len && data[i + 1] === 10) continue;
    const old1 = accum1;
    accum1 = ((accum1 << 7) ^ (accum2 >>> 25)) >>> 0;
    accum2 = ((accum2 << 7) ^ (old1 >>> 25)) >>> 0;
    accum1 = (accum1 + c) >>> 0;
    if (++n < 64 && c !== 10) continue;
    const h = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE;
    counts.set(h, (counts.get(h) ?? 0) + n);
    n = 0;
    accum1 = accum2 = 0;
  }
  if (n > 0) {
    const h = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE;
    counts.set(h, (counts.get(h) ?? 0) + n);
  }
  return counts;
}

/**
 * Size-only pre-check git makes before hashing: files whose sizes differ too much cannot match. git's comment
 * says the gap is weighed against the smaller file, its code (estimate_similarity) weighs it against the larger:
 * at 50% a file may shrink to half its size and still be a rename, as git finds it.
 */
export function sizesCanMatch(srcSize: number, dstSize: number, minScore = DEFAULT_MIN_SCORE): boolean {
  const max = Math.max(srcSize, dstSize);
  const base = Math.min(srcSize, dstSize);
  return !(max * (MAX_SCORE - minScore) < (max - base) * MAX_SCORE);
}

export function similarityScore(src: Uint8Array, dst: Uint8Array, dstHashes = spanHashes(dst)): number {
  const max = Math.max(src.length, dst.length);
  if (dst.length === 0 || max === 0) return 0;
  const srcHashes = spanHashes(src);
  let copied = 0;
  for (const [h, srcCount] of srcHashes) {
    const dstCount = dstHashes.get(h);
    if (dstCount !== undefined) copied += Math.min(srcCount, dstCount);
  }
  return Math.floor((copied * MAX_SCORE) / max);
}
