/* eslint-disable no-var, no-useless-assignment, no-constant-condition -- asm.js: typed by literal initialisers, loops by while (1) */
/**
 * The search of git's myers diff over the middle of two files (xdiff's xdl_cleanup_records, then xdl_recs_cmp
 * and xdl_split with their cost cut-offs; see myersDiff.ts for what they decide), written as an asm.js module.
 * This is where a diff of two long versions spends nearly all its time, and V8 compiles asm.js ahead of time as
 * WebAssembly: a diagonal costs about 5 ns where the same loop as plain JavaScript cost 7 (git's C: about 3).
 * Being compiled ahead matters as much: a process's first diffs (a first `strata blame`) run at full speed,
 * where plain JavaScript is interpreted until V8 has seen it run for a while.
 * It is still JavaScript: where an engine does not take it as asm.js it runs as it reads, with the same results.
 *
 * Everything lives in one heap, by word index (Int32) or byte index (the flags): see `middleLayout`.
 */
function myersSplitModule(
  stdlib: { Int32Array: Int32ArrayConstructor; Uint8Array: Uint8ArrayConstructor },
  foreign: unknown,
  heap: ArrayBuffer,
) {
  'use asm';
  var H = new stdlib.Int32Array(heap);
  var B = new stdlib.Uint8Array(heap);

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

  /** xdiff's integer square root estimate: 2^(number of base-4 digits of n). */
  function bogoSqrt(n: number): number {
    n = n | 0;
    var i = 1;
    while ((n | 0) > 0) {
      i = i << 1;
      n = n >> 2;
    }
    return i | 0;
  }

  /** Whether a many-times-matched line sits in a run mostly made of lines without a match (xdl_clean_mmatch). */
  function amidUnmatched(kind: number, i: number, n: number): number {
    kind = kind | 0;
    i = i | 0;
    n = n | 0;
    var s = 0;
    var e = 0;
    var j = 0;
    var c = 0;
    var unmatched = 0;
    var after = 0;
    var many = 1;
    s = (i - 100) | 0;
    if ((s | 0) < 0) s = 0;
    e = (i + 100) | 0;
    if ((e | 0) > ((n - 1) | 0)) e = (n - 1) | 0;
    for (j = (i - 1) | 0; (j | 0) >= (s | 0); j = (j - 1) | 0) {
      c = B[(kind + j) >> 0]! | 0;
      if ((c | 0) == 0) unmatched = (unmatched + 1) | 0;
      else if ((c | 0) == 2) many = (many + 1) | 0;
      else break;
    }
    if ((unmatched | 0) == 0) return 0;
    for (j = (i + 1) | 0; (j | 0) <= (e | 0); j = (j + 1) | 0) {
      c = B[(kind + j) >> 0]! | 0;
      if ((c | 0) == 0) after = (after + 1) | 0;
      else if ((c | 0) == 2) many = (many + 1) | 0;
      else break;
    }
    if ((after | 0) == 0) return 0;
    unmatched = (unmatched + after) | 0;
    // `many` counts the line itself once from each side's scan, as xdiff's two runs do
    many = (many + 1) | 0;
    if (((many << 2) | 0) < ((many + unmatched) | 0)) return 1;
    return 0;
  }

  /**
   * The lines of one side that take part in the search (their indexes, at `kept`; how many is returned): a
   * line the other file lacks is marked changed, and so is one found there at least sqrt(lines) times (at most
   * 1024) that sits amid such lines (one kept for every 4 discarded or worse, looking at most 100 lines each way).
   */
  function keptLines(others: number, n: number, lines: number, kind: number, kept: number, changed: number): number {
    others = others | 0;
    n = n | 0;
    lines = lines | 0;
    kind = kind | 0;
    kept = kept | 0;
    changed = changed | 0;
    var limit = 0;
    var i = 0;
    var m = 0;
    var k = 0;
    var c = 0;
    limit = bogoSqrt(lines) | 0;
    if ((limit | 0) > 1024) limit = 1024;
    // 0: no match in the other file, 1: some, 2: many
    for (i = 0; (i | 0) < (n | 0); i = (i + 1) | 0) {
      m = H[((others + i) << 2) >> 2]! | 0;
      B[(kind + i) >> 0] = (m | 0) == 0 ? 0 : (m | 0) >= (limit | 0) ? 2 : 1;
      B[(changed + i) >> 0] = 0;
    }
    for (i = 0; (i | 0) < (n | 0); i = (i + 1) | 0) {
      c = B[(kind + i) >> 0]! | 0;
      if ((c | 0) == 1) {
        H[((kept + k) << 2) >> 2] = i;
        k = (k + 1) | 0;
      } else if ((c | 0) == 2) {
        if (amidUnmatched(kind, i, n) | 0) B[(changed + i) >> 0] = 1;
        else {
          H[((kept + k) << 2) >> 2] = i;
          k = (k + 1) | 0;
        }
      } else B[(changed + i) >> 0] = 1;
    }
    return k | 0;
  }

  /**
   * Marks the changed lines of two middles (classes at h1, h2; how often each occurs in the whole other file at
   * o1, o2; flags out at the bytes ch1, ch2): the discarding, then the boxes the recursion of xdl_recs_cmp
   * visits, each trimmed of its equal ends and split at its middle snake, kept on a stack from `box` up to
   * `boxEnd`. The kept lines' classes (e1, e2) may take the place of o1, o2: those are read before.
   * 0: done; 1: the stack was full (nothing to keep: run it again with more room).
   */
  function middle(
    h1: number,
    h2: number,
    o1: number,
    o2: number,
    m1: number,
    m2: number,
    lines1: number,
    lines2: number,
    minimal: number,
    k1: number,
    k2: number,
    e1: number,
    e2: number,
    kf: number,
    kb: number,
    box: number,
    boxEnd: number,
    out: number,
    ch1: number,
    ch2: number,
    kind: number,
  ): number {
    h1 = h1 | 0;
    h2 = h2 | 0;
    o1 = o1 | 0;
    o2 = o2 | 0;
    m1 = m1 | 0;
    m2 = m2 | 0;
    lines1 = lines1 | 0;
    lines2 = lines2 | 0;
    minimal = minimal | 0;
    k1 = k1 | 0;
    k2 = k2 | 0;
    e1 = e1 | 0;
    e2 = e2 | 0;
    kf = kf | 0;
    kb = kb | 0;
    box = box | 0;
    boxEnd = boxEnd | 0;
    out = out | 0;
    ch1 = ch1 | 0;
    ch2 = ch2 | 0;
    kind = kind | 0;
    var n1 = 0;
    var n2 = 0;
    var i = 0;
    var maxCost = 0;
    var kfb = 0;
    var kbb = 0;
    var sp = 0;
    var off1 = 0;
    var lim1 = 0;
    var off2 = 0;
    var lim2 = 0;
    var needMin = 0;
    var i1 = 0;
    var i2 = 0;
    n1 = keptLines(o1, m1, lines1, kind, k1, ch1) | 0;
    n2 = keptLines(o2, m2, lines2, kind, k2, ch2) | 0;
    for (i = 0; (i | 0) < (n1 | 0); i = (i + 1) | 0) H[((e1 + i) << 2) >> 2] = H[((h1 + (H[((k1 + i) << 2) >> 2]! | 0)) << 2) >> 2]! | 0;
    for (i = 0; (i | 0) < (n2 | 0); i = (i + 1) | 0) H[((e2 + i) << 2) >> 2] = H[((h2 + (H[((k2 + i) << 2) >> 2]! | 0)) << 2) >> 2]! | 0;
    maxCost = bogoSqrt((n1 + n2 + 3) | 0) | 0;
    if ((maxCost | 0) < 256) maxCost = 256;
    // diagonal d of the paths at kf + n2 + 1 + d (d from -(n2 + 1))
    kfb = (kf + n2 + 1) | 0;
    kbb = (kb + n2 + 1) | 0;
    sp = box;
    H[(sp << 2) >> 2] = 0;
    H[((sp + 1) << 2) >> 2] = n1;
    H[((sp + 2) << 2) >> 2] = 0;
    H[((sp + 3) << 2) >> 2] = n2;
    H[((sp + 4) << 2) >> 2] = minimal;
    sp = (sp + 5) | 0;
    while ((sp | 0) > (box | 0)) {
      sp = (sp - 5) | 0;
      off1 = H[(sp << 2) >> 2]! | 0;
      lim1 = H[((sp + 1) << 2) >> 2]! | 0;
      off2 = H[((sp + 2) << 2) >> 2]! | 0;
      lim2 = H[((sp + 3) << 2) >> 2]! | 0;
      needMin = H[((sp + 4) << 2) >> 2]! | 0;
      while (1) {
        if ((off1 | 0) >= (lim1 | 0)) break;
        if ((off2 | 0) >= (lim2 | 0)) break;
        if ((H[((e1 + off1) << 2) >> 2]! | 0) != (H[((e2 + off2) << 2) >> 2]! | 0)) break;
        off1 = (off1 + 1) | 0;
        off2 = (off2 + 1) | 0;
      }
      while (1) {
        if ((off1 | 0) >= (lim1 | 0)) break;
        if ((off2 | 0) >= (lim2 | 0)) break;
        if ((H[((e1 + lim1 - 1) << 2) >> 2]! | 0) != (H[((e2 + lim2 - 1) << 2) >> 2]! | 0)) break;
        lim1 = (lim1 - 1) | 0;
        lim2 = (lim2 - 1) | 0;
      }
      if ((off1 | 0) == (lim1 | 0)) {
        for (; (off2 | 0) < (lim2 | 0); off2 = (off2 + 1) | 0) B[(ch2 + (H[((k2 + off2) << 2) >> 2]! | 0)) >> 0] = 1;
      } else if ((off2 | 0) == (lim2 | 0)) {
        for (; (off1 | 0) < (lim1 | 0); off1 = (off1 + 1) | 0) B[(ch1 + (H[((k1 + off1) << 2) >> 2]! | 0)) >> 0] = 1;
      } else {
        if (((sp + 10) | 0) > (boxEnd | 0)) return 1;
        split(e1, e2, kfb, kbb, off1, lim1, off2, lim2, needMin, maxCost, out);
        i1 = H[(out << 2) >> 2]! | 0;
        i2 = H[((out + 1) << 2) >> 2]! | 0;
        H[(sp << 2) >> 2] = off1;
        H[((sp + 1) << 2) >> 2] = i1;
        H[((sp + 2) << 2) >> 2] = off2;
        H[((sp + 3) << 2) >> 2] = i2;
        H[((sp + 4) << 2) >> 2] = H[((out + 2) << 2) >> 2]! | 0;
        H[((sp + 5) << 2) >> 2] = i1;
        H[((sp + 6) << 2) >> 2] = lim1;
        H[((sp + 7) << 2) >> 2] = i2;
        H[((sp + 8) << 2) >> 2] = lim2;
        H[((sp + 9) << 2) >> 2] = H[((out + 3) << 2) >> 2]! | 0;
        sp = (sp + 10) | 0;
      }
    }
    return 0;
  }

  /**
   * How often each middle line occurs in the whole other file, at o1 and o2: the classes of both whole files
   * (at i1, n1 and i2, n2; their middles start at `head`) are counted in two tables indexed by class (c1, c2),
   * whose entries for these classes are zeroed first.
   */
  function countOthers(
    i1: number,
    n1: number,
    i2: number,
    n2: number,
    c1: number,
    c2: number,
    head: number,
    m1: number,
    m2: number,
    o1: number,
    o2: number,
  ): void {
    i1 = i1 | 0;
    n1 = n1 | 0;
    i2 = i2 | 0;
    n2 = n2 | 0;
    c1 = c1 | 0;
    c2 = c2 | 0;
    head = head | 0;
    m1 = m1 | 0;
    m2 = m2 | 0;
    o1 = o1 | 0;
    o2 = o2 | 0;
    var i = 0;
    var id = 0;
    for (i = 0; (i | 0) < (n1 | 0); i = (i + 1) | 0) {
      id = H[((i1 + i) << 2) >> 2]! | 0;
      H[((c1 + id) << 2) >> 2] = 0;
      H[((c2 + id) << 2) >> 2] = 0;
    }
    for (i = 0; (i | 0) < (n2 | 0); i = (i + 1) | 0) {
      id = H[((i2 + i) << 2) >> 2]! | 0;
      H[((c1 + id) << 2) >> 2] = 0;
      H[((c2 + id) << 2) >> 2] = 0;
    }
    for (i = 0; (i | 0) < (n1 | 0); i = (i + 1) | 0) {
      id = (c1 + (H[((i1 + i) << 2) >> 2]! | 0)) | 0;
      H[(id << 2) >> 2] = ((H[(id << 2) >> 2]! | 0) + 1) | 0;
    }
    for (i = 0; (i | 0) < (n2 | 0); i = (i + 1) | 0) {
      id = (c2 + (H[((i2 + i) << 2) >> 2]! | 0)) | 0;
      H[(id << 2) >> 2] = ((H[(id << 2) >> 2]! | 0) + 1) | 0;
    }
    for (i = 0; (i | 0) < (m1 | 0); i = (i + 1) | 0)
      H[((o1 + i) << 2) >> 2] = H[((c2 + (H[((i1 + head + i) << 2) >> 2]! | 0)) << 2) >> 2]! | 0;
    for (i = 0; (i | 0) < (m2 | 0); i = (i + 1) | 0)
      H[((o2 + i) << 2) >> 2] = H[((c1 + (H[((i2 + head + i) << 2) >> 2]! | 0)) << 2) >> 2]! | 0;
  }

  return { middle: middle, countOthers: countOthers };
}

type MiddleFn = ReturnType<typeof myersSplitModule>['middle'];

type CountFn = ReturnType<typeof myersSplitModule>['countOthers'];

/**
 * Where each part of one search lives in the heap (by Int32 word; ch1, ch2 and kind by byte): the middles'
 * classes and counts in the other file (the caller's to fill; the kept lines' classes take the counts' place once
 * they are read), the kept lines' indexes, the forward and backward furthest-reaching paths by diagonal, the
 * stack of boxes (`boxes` of them: one per level of the recursion, at most one per line, far fewer in practice),
 * the split's four answer words, then the changed flags and each line's kind.
 */
function middleLayout(m1: number, m2: number, base: number, boxes: number) {
  const both = m1 + m2;
  const h1 = base;
  const h2 = h1 + m1;
  const o1 = h2 + m2;
  const o2 = o1 + m1;
  const k1 = o2 + m2;
  const k2 = k1 + m1;
  const kf = k2 + m2;
  const kb = kf + both + 4;
  const box = kb + both + 4;
  const boxEnd = box + 5 * boxes;
  const out = boxEnd;
  const ch1 = (out + 4) * 4;
  const ch2 = ch1 + m1;
  const kind = ch2 + m2;
  return { h1, h2, o1, o2, k1, k2, e1: o1, e2: o2, kf, kb, box, boxEnd, out, ch1, ch2, kind, bytes: kind + Math.max(m1, m2) };
}

/**
 * `firstBoxes`: the boxes the stack first has room for; a search that needs more (a deep recursion) runs again
 * with room for all. `keepHeapBytes`: the largest heap kept between diffs (two files of some 800,000 lines each
 * need more). A test makes both small to run those paths.
 */
export const searchRoom = { firstBoxes: 4096, keepHeapBytes: 64 * 2 ** 20 };

/** The heap and the module linked to it, per thread; a larger heap is made (and linked again) when a diff needs it. */
let words: Int32Array = new Int32Array(0);
let bytes: Uint8Array = new Uint8Array(0);
let linked: MiddleFn | null = null;
let linkedCount: CountFn | null = null;

/** asm.js wants a heap of 2^n bytes (at least 64 KiB), linked before use. `renew`: a new one even where this one is large enough. */
function heapFor(size: number, renew = false): void {
  if (bytes.length >= size && linked && !renew) return;
  let length = 1 << 16;
  while (length < size) length *= 2;
  const buffer = new ArrayBuffer(length);
  const module = myersSplitModule({ Int32Array, Uint8Array }, null, buffer);
  linked = module.middle;
  linkedCount = module.countOthers;
  words = new Int32Array(buffer);
  bytes = new Uint8Array(buffer);
}

/**
 * Marks the changed lines of the middles ha1, ha2 (line classes) into changed1, changed2 (zeroed, one flag per
 * line): `others1[i]` is how many lines of the whole second file equal ha1[i] (and `others2` the other way
 * round); `lines1`, `lines2` count the whole files.
 */
export function searchMiddle(
  ha1: Int32Array,
  ha2: Int32Array,
  others1: Int32Array,
  others2: Int32Array,
  lines1: number,
  lines2: number,
  minimal: boolean,
  changed1: Uint8Array,
  changed2: Uint8Array,
): void {
  const m1 = ha1.length;
  const m2 = ha2.length;
  for (const boxes of stackSizes(m1 + m2)) {
    const at = middleLayout(m1, m2, 0, boxes);
    heapFor(at.bytes);
    words.set(ha1, at.h1);
    words.set(ha2, at.h2);
    words.set(others1, at.o1);
    words.set(others2, at.o2);
    if (search(at, m1, m2, lines1, lines2, minimal, changed1, changed2)) return;
  }
}

/**
 * The same for two whole files given as line classes (ids1[0, n1), ids2[0, n2); every class below `classes`)
 * whose middles are the m1 and m2 lines from `head`: how often each middle line occurs in the other file is
 * counted here too.
 */
export function searchMiddleOf(
  ids1: Int32Array,
  n1: number,
  ids2: Int32Array,
  n2: number,
  classes: number,
  head: number,
  m1: number,
  m2: number,
  minimal: boolean,
  changed1: Uint8Array,
  changed2: Uint8Array,
): void {
  // both files, then a count per class for each, then the search's own parts (its middles inside the files)
  const c1 = n1 + n2;
  const c2 = c1 + classes;
  for (const boxes of stackSizes(m1 + m2)) {
    const at = { ...middleLayout(m1, m2, c2 + classes, boxes), h1: head, h2: n1 + head };
    heapFor(at.bytes);
    words.set(ids1.subarray(0, n1), 0);
    words.set(ids2.subarray(0, n2), n1);
    linkedCount!(0, n1, n1, n2, c1, c2, head, m1, m2, at.o1, at.o2);
    if (search(at, m1, m2, n1, n2, minimal, changed1, changed2)) return;
  }
}

/** Room for a few thousand boxes, then (rarely) for as many as the lines. */
function stackSizes(lines: number): number[] {
  return lines + 2 <= searchRoom.firstBoxes ? [lines + 2] : [searchRoom.firstBoxes, lines + 2];
}

/** Runs the search; false where its stack was full (nothing kept: the caller lays it out again with more room). */
function search(
  at: ReturnType<typeof middleLayout>,
  m1: number,
  m2: number,
  lines1: number,
  lines2: number,
  minimal: boolean,
  changed1: Uint8Array,
  changed2: Uint8Array,
): boolean {
  const full = linked!(
    at.h1,
    at.h2,
    at.o1,
    at.o2,
    m1,
    m2,
    lines1,
    lines2,
    minimal ? 1 : 0,
    at.k1,
    at.k2,
    at.e1,
    at.e2,
    at.kf,
    at.kb,
    at.box,
    at.boxEnd,
    at.out,
    at.ch1,
    at.ch2,
    at.kind,
  );
  if (full) return false;
  changed1.set(bytes.subarray(at.ch1, at.ch1 + m1));
  changed2.set(bytes.subarray(at.ch2, at.ch2 + m2));
  // a heap made for two huge files is not kept for the small diffs after (a diff that needs it again makes it again)
  if (bytes.length > searchRoom.keepHeapBytes) heapFor(0, true);
  return true;
}

/** Links the module once (the first diff would otherwise pay for it); a test asks whether V8 took it as asm.js. */
export function linkSearch(): void {
  heapFor(0);
}

/** The asm.js module itself: a test asks V8 whether it took it as asm.js (the results are the same either way). */
export const myersSplitSource = myersSplitModule;
