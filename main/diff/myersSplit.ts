/* eslint-disable no-var, no-useless-assignment, no-constant-condition -- asm.js: typed by literal initialisers, loops by while (1) */
/**
 * The middle-snake search of one box (xdiff's xdl_split, with its cost cut-offs), written as an asm.js module.
 * This loop is where a diff of two long versions spends nearly all its time (two thirds of a timeline's counts),
 * and V8 compiles asm.js ahead of time as WebAssembly: a diagonal costs about 5 ns where the same loop as plain
 * JavaScript cost 7 (git's C: about 3), so long rewrites diff 28% faster.
 * It is still JavaScript: where an engine does not take it as asm.js it runs as it reads, with the same results.
 *
 * Everything lives in one Int32Array heap, by word index: the two sequences (line classes), the forward and
 * backward furthest-reaching paths by diagonal (`kfb`, `kbb`: the index of diagonal 0), and four result words
 * (`out`: the split point i1, i2, then whether each half still needs a minimal search).
 */
function myersSplitModule(stdlib: { Int32Array: Int32ArrayConstructor }, foreign: unknown, heap: ArrayBuffer) {
  'use asm';
  var H = new stdlib.Int32Array(heap);

  /** The split point and whether each half still needs a minimal search, at out. */
  function answer(out: number, i1: number, i2: number, minLow: number, minHigh: number): void {
    out = out | 0;
    i1 = i1 | 0;
    i2 = i2 | 0;
    minLow = minLow | 0;
    minHigh = minHigh | 0;
    H[(out << 2) >> 2] = i1;
    H[((out + 1) << 2) >> 2] = i2;
    H[((out + 2) << 2) >> 2] = minLow;
    H[((out + 3) << 2) >> 2] = minHigh;
  }

  function split(
    p1: number,
    p2: number,
    kfb: number,
    kbb: number,
    off1: number,
    lim1: number,
    off2: number,
    lim2: number,
    needMin: number,
    maxCost: number,
    out: number,
  ): void {
    p1 = p1 | 0;
    p2 = p2 | 0;
    kfb = kfb | 0;
    kbb = kbb | 0;
    off1 = off1 | 0;
    lim1 = lim1 | 0;
    off2 = off2 | 0;
    lim2 = lim2 | 0;
    needMin = needMin | 0;
    maxCost = maxCost | 0;
    out = out | 0;
    var dmin = 0;
    var dmax = 0;
    var fmid = 0;
    var bmid = 0;
    var odd = 0;
    var fmin = 0;
    var fmax = 0;
    var bmin = 0;
    var bmax = 0;
    var ec = 0;
    var gotSnake = 0;
    var d = 0;
    var i1 = 0;
    var i2 = 0;
    var prev1 = 0;
    var a = 0;
    var b = 0;
    var best = 0;
    var bestI1 = 0;
    var bestI2 = 0;
    var dd = 0;
    var v = 0;
    var k = 0;
    var fbest = 0;
    var fbest1 = 0;
    var bbest = 0;
    var bbest1 = 0;
    dmin = (off1 - lim2) | 0;
    dmax = (lim1 - off2) | 0;
    fmid = (off1 - off2) | 0;
    bmid = (lim1 - lim2) | 0;
    odd = (fmid - bmid) & 1;
    fmin = fmid;
    fmax = fmid;
    bmin = bmid;
    bmax = bmid;
    H[((kfb + fmid) << 2) >> 2] = off1;
    H[((kbb + bmid) << 2) >> 2] = lim1;
    ec = 1;
    while (1) {
      gotSnake = 0;
      // forward: extend each diagonal's furthest path by one edit, then along its snake
      if ((fmin | 0) > (dmin | 0)) {
        fmin = (fmin - 1) | 0;
        H[((kfb + fmin - 1) << 2) >> 2] = -1;
      } else fmin = (fmin + 1) | 0;
      if ((fmax | 0) < (dmax | 0)) {
        fmax = (fmax + 1) | 0;
        H[((kfb + fmax + 1) << 2) >> 2] = -1;
      } else fmax = (fmax - 1) | 0;
      for (d = fmax; (d | 0) >= (fmin | 0); d = (d - 2) | 0) {
        a = H[((kfb + d - 1) << 2) >> 2]! | 0;
        b = H[((kfb + d + 1) << 2) >> 2]! | 0;
        if ((a | 0) >= (b | 0)) i1 = (a + 1) | 0;
        else i1 = b;
        prev1 = i1;
        i2 = (i1 - d) | 0;
        while (1) {
          if ((i1 | 0) >= (lim1 | 0)) break;
          if ((i2 | 0) >= (lim2 | 0)) break;
          if ((H[((p1 + i1) << 2) >> 2]! | 0) != (H[((p2 + i2) << 2) >> 2]! | 0)) break;
          i1 = (i1 + 1) | 0;
          i2 = (i2 + 1) | 0;
        }
        if (((i1 - prev1) | 0 | 0) > 20) gotSnake = 1;
        H[((kfb + d) << 2) >> 2] = i1;
        if (odd)
          if ((bmin | 0) <= (d | 0))
            if ((d | 0) <= (bmax | 0))
              if ((H[((kbb + d) << 2) >> 2]! | 0) <= (i1 | 0)) {
                answer(out, i1, i2, 1, 1);
                return;
              }
      }
      // backward, the same from the ends
      if ((bmin | 0) > (dmin | 0)) {
        bmin = (bmin - 1) | 0;
        H[((kbb + bmin - 1) << 2) >> 2] = 0x7fffffff;
      } else bmin = (bmin + 1) | 0;
      if ((bmax | 0) < (dmax | 0)) {
        bmax = (bmax + 1) | 0;
        H[((kbb + bmax + 1) << 2) >> 2] = 0x7fffffff;
      } else bmax = (bmax - 1) | 0;
      for (d = bmax; (d | 0) >= (bmin | 0); d = (d - 2) | 0) {
        a = H[((kbb + d - 1) << 2) >> 2]! | 0;
        b = H[((kbb + d + 1) << 2) >> 2]! | 0;
        if ((a | 0) < (b | 0)) i1 = a;
        else i1 = (b - 1) | 0;
        prev1 = i1;
        i2 = (i1 - d) | 0;
        while (1) {
          if ((i1 | 0) <= (off1 | 0)) break;
          if ((i2 | 0) <= (off2 | 0)) break;
          if ((H[((p1 + i1 - 1) << 2) >> 2]! | 0) != (H[((p2 + i2 - 1) << 2) >> 2]! | 0)) break;
          i1 = (i1 - 1) | 0;
          i2 = (i2 - 1) | 0;
        }
        if (((prev1 - i1) | 0 | 0) > 20) gotSnake = 1;
        H[((kbb + d) << 2) >> 2] = i1;
        if (!odd)
          if ((fmin | 0) <= (d | 0))
            if ((d | 0) <= (fmax | 0))
              if ((i1 | 0) <= (H[((kfb + d) << 2) >> 2]! | 0)) {
                answer(out, i1, i2, 1, 1);
                return;
              }
      }
      if (!needMin) {
        if (gotSnake)
          if ((ec | 0) > 256) {
            // a diagonal far from both corners, ending in a 20-line snake, is a good enough split
            best = 0;
            for (d = fmax; (d | 0) >= (fmin | 0); d = (d - 2) | 0) {
              dd = (d | 0) > (fmid | 0) ? (d - fmid) | 0 : (fmid - d) | 0;
              i1 = H[((kfb + d) << 2) >> 2]! | 0;
              i2 = (i1 - d) | 0;
              v = (((i1 - off1) | 0) + ((i2 - off2) | 0) - dd) | 0;
              if ((v | 0) > ((4 * ec) | 0))
                if ((v | 0) > (best | 0))
                  if (((off1 + 20) | 0 | 0) <= (i1 | 0))
                    if ((i1 | 0) < (lim1 | 0))
                      if (((off2 + 20) | 0 | 0) <= (i2 | 0))
                        if ((i2 | 0) < (lim2 | 0)) {
                          for (k = 1; (H[((p1 + i1 - k) << 2) >> 2]! | 0) == (H[((p2 + i2 - k) << 2) >> 2]! | 0); k = (k + 1) | 0) {
                            if ((k | 0) == 20) {
                              best = v;
                              bestI1 = i1;
                              bestI2 = i2;
                              break;
                            }
                          }
                        }
            }
            if ((best | 0) > 0) {
              answer(out, bestI1, bestI2, 1, 0);
              return;
            }
            for (d = bmax; (d | 0) >= (bmin | 0); d = (d - 2) | 0) {
              dd = (d | 0) > (bmid | 0) ? (d - bmid) | 0 : (bmid - d) | 0;
              i1 = H[((kbb + d) << 2) >> 2]! | 0;
              i2 = (i1 - d) | 0;
              v = (((lim1 - i1) | 0) + ((lim2 - i2) | 0) - dd) | 0;
              if ((v | 0) > ((4 * ec) | 0))
                if ((v | 0) > (best | 0))
                  if ((off1 | 0) < (i1 | 0))
                    if ((i1 | 0) <= ((lim1 - 20) | 0 | 0))
                      if ((off2 | 0) < (i2 | 0))
                        if ((i2 | 0) <= ((lim2 - 20) | 0 | 0)) {
                          for (k = 0; (H[((p1 + i1 + k) << 2) >> 2]! | 0) == (H[((p2 + i2 + k) << 2) >> 2]! | 0); k = (k + 1) | 0) {
                            if ((k | 0) == 19) {
                              best = v;
                              bestI1 = i1;
                              bestI2 = i2;
                              break;
                            }
                          }
                        }
            }
            if ((best | 0) > 0) {
              answer(out, bestI1, bestI2, 0, 1);
              return;
            }
          }
        if ((ec | 0) >= (maxCost | 0)) {
          // too expensive: take the furthest-reaching diagonal of either direction
          fbest = -1;
          fbest1 = -1;
          for (d = fmax; (d | 0) >= (fmin | 0); d = (d - 2) | 0) {
            i1 = H[((kfb + d) << 2) >> 2]! | 0;
            if ((i1 | 0) > (lim1 | 0)) i1 = lim1;
            i2 = (i1 - d) | 0;
            if ((lim2 | 0) < (i2 | 0)) {
              i1 = (lim2 + d) | 0;
              i2 = lim2;
            }
            if ((fbest | 0) < ((i1 + i2) | 0 | 0)) {
              fbest = (i1 + i2) | 0;
              fbest1 = i1;
            }
          }
          bbest = 0x7fffffff;
          bbest1 = 0x7fffffff;
          for (d = bmax; (d | 0) >= (bmin | 0); d = (d - 2) | 0) {
            i1 = H[((kbb + d) << 2) >> 2]! | 0;
            if ((i1 | 0) < (off1 | 0)) i1 = off1;
            i2 = (i1 - d) | 0;
            if ((i2 | 0) < (off2 | 0)) {
              i1 = (off2 + d) | 0;
              i2 = off2;
            }
            if (((i1 + i2) | 0 | 0) < (bbest | 0)) {
              bbest = (i1 + i2) | 0;
              bbest1 = i1;
            }
          }
          if (((lim1 + lim2 - bbest) | 0 | 0) < ((fbest - ((off1 + off2) | 0)) | 0 | 0)) {
            answer(out, fbest1, (fbest - fbest1) | 0, 1, 0);
            return;
          }
          answer(out, bbest1, (bbest - bbest1) | 0, 0, 1);
          return;
        }
      }
      ec = (ec + 1) | 0;
    }
  }

  return { split: split };
}

type SplitFn = (
  p1: number,
  p2: number,
  kfb: number,
  kbb: number,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  needMin: number,
  maxCost: number,
  out: number,
) => void;

/** The heap and the module linked to it, per thread; a larger heap is made (and linked again) when a diff needs it. */
let heap: Int32Array = new Int32Array(0);
let linked: SplitFn | null = null;

/**
 * Room for `words` ints, as the heap every search of this diff uses (its contents are the caller's to fill).
 * asm.js wants a heap of 2^n bytes (at least 64 KiB), linked before use.
 */
export function splitHeap(words: number): Int32Array {
  if (heap.length < words || !linked) {
    let bytes = 1 << 16;
    while (bytes < words * 4) bytes *= 2;
    const buffer = new ArrayBuffer(bytes);
    linked = myersSplitModule({ Int32Array }, null, buffer).split;
    heap = new Int32Array(buffer);
  }
  return heap;
}

/** Runs the search of one box over the heap splitHeap gave; the answer is in heap[out .. out + 3]. */
export function splitBox(
  p1: number,
  p2: number,
  kfb: number,
  kbb: number,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  needMin: boolean,
  maxCost: number,
  out: number,
): void {
  linked!(p1, p2, kfb, kbb, off1, lim1, off2, lim2, needMin ? 1 : 0, maxCost, out);
}

/** The asm.js module itself: a test asks V8 whether it took it as asm.js (the results are the same either way). */
export const myersSplitSource = myersSplitModule;
