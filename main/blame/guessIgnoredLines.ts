import { splitRecords } from '../diff/lineRecords';

/**
 * A line as git blame's --ignore-rev guess compares lines: the multiset of its lower-cased byte pairs, each
 * whitespace byte read as 0 and the line ended by one, pairs of whitespace left out ("Darth   Radar":
 * \0d da ar rt th h\0 \0r ra ad da ar r\0). Keys are the pair as git's x86 build forms it from signed chars,
 * so bytes over 0x7f pair as they do there.
 */
type Fingerprint = Map<number, number>;

const SPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) SPACE[c] = 1;

function fingerprint(data: Buffer, start: number, end: number): Fingerprint {
  const f: Fingerprint = new Map();
  let c0 = 0;
  for (let p = start; p <= end; p++) {
    let c1: number;
    if (p === end || SPACE[data[p]!]) c1 = 0;
    else {
      const b = data[p]!;
      // a char is signed: a byte over 0x7f is a negative number, kept as such by tolower
      c1 = b >= 0x41 && b <= 0x5a ? b + 32 : b >= 0x80 ? (b - 256) >>> 0 : b;
    }
    const key = (c0 | (c1 << 8)) >>> 0;
    c0 = c1;
    if (key === 0) continue;
    f.set(key, (f.get(key) ?? 0) + 1);
  }
  return f;
}

function fingerprints(data: Buffer): Fingerprint[] {
  const r = splitRecords(data);
  const out: Fingerprint[] = new Array<Fingerprint>(r.count);
  for (let i = 0; i < r.count; i++) out[i] = fingerprint(data, r.starts[i]!, r.starts[i + 1]!);
  return out;
}

/** The size of the intersection of the two multisets. */
function similarity(a: Fingerprint, b: Fingerprint): number {
  let n = 0;
  for (const [k, cb] of b) {
    const ca = a.get(k);
    if (ca !== undefined) n += ca < cb ? ca : cb;
  }
  return n;
}

/** Takes b's pairs out of a: the parts of a parent line one line matched cannot be matched again. */
function subtract(a: Fingerprint, b: Fingerprint): void {
  for (const [k, cb] of b) {
    const ca = a.get(k);
    if (ca === undefined) continue;
    if (ca <= cb) a.delete(k);
    else a.set(k, ca - cb);
  }
}

const NOT_CALCULATED = -1;
const NOTHING_MATCHES = -2;
/** A line matched anywhere in the parent needs at least this many byte pairs in common. */
const FILE_THRESHOLD = 10;

/**
 * git's fuzzy matching of one hunk: each changed line of the target (B) to the line of the parent's side of
 * the hunk (A) most like it, near the place it would have by its position in the hunk; the line matched with
 * most certainty first, then the lines before and after it, each half against its side of A, so the order
 * of lines is kept. Returns, per line of B, its line in the parent (absolute), or -1.
 */
function fuzzyMatches(
  fa: Fingerprint[],
  fb: Fingerprint[],
  startA: number,
  lengthA: number,
  startB: number,
  lengthB: number,
): Int32Array | null {
  if (lengthA <= 0) return null;
  const msa = Math.min(10, lengthA - 1);
  const msb = Math.trunc(((2 * msa + 1) * lengthB - 1) / lengthA);
  const width = 2 * msa + 1;
  const result = new Int32Array(lengthB).fill(-1);
  const second = new Int32Array(lengthB).fill(-1);
  const certainty = new Int32Array(lengthB).fill(NOT_CALCULATED);
  const similarities = new Int32Array(lengthB * width).fill(-1);
  // a line of B mapped linearly onto A, to the middle of the lines it could stand for
  const closestA = (lineB: number): number => Math.floor((((lineB - startB) * 2 + 1) * lengthA) / (lengthB * 2)) + startA;

  const bestMatch = (sa: number, la: number, b: number): void => {
    if (certainty[b] !== NOT_CALCULATED) return;
    const closest = closestA(startB + b) - sa;
    const from = Math.max(0, closest - msa);
    const to = Math.min(la, closest + msa + 1);
    let best = 0;
    let secondBest = 0;
    let bestAt = 0;
    let secondAt = 0;
    for (let i = from; i < to; i++) {
      const cell = b * width + (i - closest + msa);
      if (similarities[cell] === -1) similarities[cell] = similarity(fb[startB + b]!, fa[sa + i]!) * (1000 - Math.abs(i - closest));
      const s = similarities[cell]!;
      if (s > best) {
        secondBest = best;
        secondAt = bestAt;
        best = s;
        bestAt = i;
      } else if (s > secondBest) {
        secondBest = s;
        secondAt = i;
      }
    }
    if (best === 0) {
      certainty[b] = NOTHING_MATCHES;
      result[b] = -1;
    } else {
      // a line matching two lines well ranks below one matching one line as well, above one matching poorly
      certainty[b] = best * 2 - secondBest;
      result[b] = sa + bestAt;
      second[b] = sa + secondAt;
    }
  };

  // sa, la: the side of A this part of B is matched against; b0, lb: the part of B (indices into the hunk)
  const recurse = (sa: number, b0: number, la: number, lb: number): void => {
    let mostCertain = -1;
    let mostCertainty = -1;
    for (let i = 0; i < lb; i++) {
      bestMatch(sa, la, b0 + i);
      if (certainty[b0 + i]! > mostCertainty) {
        mostCertainty = certainty[b0 + i]!;
        mostCertain = i;
      }
    }
    if (mostCertain === -1) return;
    const lineA = result[b0 + mostCertain]!;
    subtract(fa[lineA]!, fb[startB + b0 + mostCertain]!);
    const invalidateFrom = Math.max(0, mostCertain - msb);
    const invalidateTo = Math.min(lb, mostCertain + msb + 1);
    // what was computed against that line of A no longer holds
    for (let i = invalidateFrom; i < invalidateTo; i++) {
      const closest = closestA(startB + b0 + i) - sa;
      if (Math.abs(lineA - sa - closest) > msa) continue;
      similarities[(b0 + i) * width + (lineA - sa - closest + msa)] = -1;
    }
    // matches that would cross the one just made are made again
    for (let i = mostCertain - 1; i >= invalidateFrom; i--) {
      const b = b0 + i;
      if (certainty[b]! >= 0 && (result[b]! >= lineA || second[b]! >= lineA)) certainty[b] = NOT_CALCULATED;
    }
    for (let i = mostCertain + 1; i < invalidateTo; i++) {
      const b = b0 + i;
      if (certainty[b]! >= 0 && (result[b]! <= lineA || second[b]! <= lineA)) certainty[b] = NOT_CALCULATED;
    }
    if (mostCertain > 0) recurse(sa, b0, lineA + 1 - sa, mostCertain);
    if (mostCertain + 1 < lb) recurse(lineA, b0 + mostCertain + 1, la + sa - lineA, lb - mostCertain - 1);
  };
  recurse(startA, 0, lengthA, lengthB);
  return result;
}

/** The parent line most like a target line anywhere in the parent (at least FILE_THRESHOLD pairs; ties: the nearest), or -1. */
function scanParent(fa: Fingerprint[], target: Fingerprint, targetLine: number): number {
  let bestSim = FILE_THRESHOLD;
  let bestAt = -1;
  for (let p = 0; p < fa.length; p++) {
    const s = similarity(target, fa[p]!);
    if (s < bestSim) continue;
    if (s === bestSim && bestAt !== -1 && Math.abs(bestAt - targetLine) < Math.abs(p - targetLine)) continue;
    bestSim = s;
    bestAt = p;
  }
  return bestAt;
}

/**
 * Where blame --ignore-rev sends each line an ignored commit changed, as git guesses it: per hunk of the diff
 * (in order, the parent's lines matched once each across the hunks), the fuzzy match within the hunk, else
 * the most alike line of the whole parent. `map`: where each target line came from in the parent (-1:
 * changed). Returns per target line its parent line (0-based), -1 where it stays with the commit (and for
 * the lines no hunk holds).
 */
export function guessIgnoredLines(map: Int32Array, parent: Buffer, target: Buffer): Int32Array {
  const fa = fingerprints(parent);
  const fb = fingerprints(target);
  const out = new Int32Array(map.length).fill(-1);
  let b = 0;
  while (b < map.length) {
    if (map[b]! >= 0) {
      b++;
      continue;
    }
    // a hunk: target lines [start, end) changed; the parent's side is what lies between the lines around it
    const start = b;
    while (b < map.length && map[b]! < 0) b++;
    const end = b;
    const startA = start > 0 ? map[start - 1]! + 1 : 0;
    const endA = end < map.length ? map[end]! : fa.length;
    const fuzzy = fuzzyMatches(fa, fb, startA, endA - startA, start, end - start);
    for (let i = 0; i < end - start; i++) {
      const guess = fuzzy && fuzzy[i]! >= 0 ? fuzzy[i]! : scanParent(fa, fb[start + i]!, start + i);
      out[start + i] = guess;
    }
  }
  return out;
}
