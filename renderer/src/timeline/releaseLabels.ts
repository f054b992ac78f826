/**
 * Which releases the time axis names, and where. Commits are grouped by the mainline release they first shipped in
 * (an -rc or a maintenance tag counts for its mainline release), and a label is drawn wherever it has room at the
 * current zoom, left to right — the selected commit's release first and always, and never under the zoom buttons.
 */

/** The mainline release a tag belongs to: v5.0-rc3 → v5.0, v4.14.3 → v4.14, v2.4.5 → v2.4.0, v2.5.0-rc0 → v2.5.0 — where that tag exists; else the tag itself. */
export function mainlineRelease(tag: string, known: ReadonlySet<string>): string {
  const m = /^(v?)(\d+)\.(\d+)(?:\.(\d+))?(?:-rc\d+)?$/.exec(tag);
  if (!m) return tag;
  const [, v, major, minor, patch] = m;
  const line = `${v}${major}.${minor}`;
  const candidates = patch === undefined ? [line] : [`${line}.0`, line];
  return candidates.find((c) => known.has(c)) ?? tag;
}

export interface BandSpan {
  readonly tag: string;
  readonly x1: number;
  readonly x2: number;
}

/** Width of a label's character at the axis's font size (11px sans). */
export const LABEL_CHAR_PX = 6.5;
const GAP = 6;

/**
 * Where each labelled band's name goes (x of its left end), for bands sorted by start. A label starts at its band and
 * may run past it into empty time (a one-commit release is named too); it is left out where it would run into a label
 * already placed or into `reserved` (the zoom buttons). The `selected` release is placed first, moved left of
 * `reserved` if it must be, so it is named at any zoom.
 */
export function placeLabels(
  bands: readonly BandSpan[],
  width: number,
  selected: string | null,
  reserved: readonly [number, number][],
): Map<string, number> {
  const taken: [number, number][] = [...reserved];
  const out = new Map<string, number>();
  const fits = (a: number, b: number) => a >= 0 && b <= width && taken.every(([s, e]) => b + GAP <= s || a >= e + GAP);
  const chosen = bands.find((b) => b.tag === selected);
  if (chosen) {
    const w = chosen.tag.length * LABEL_CHAR_PX;
    let x = Math.max(0, Math.min(chosen.x1 + 3, width - w));
    for (const [s, e] of reserved) if (x + w + GAP > s && x < e + GAP) x = Math.max(0, s - GAP - w);
    out.set(chosen.tag, x);
    taken.push([x, x + w]);
  }
  for (const b of bands) {
    if (out.has(b.tag) || b.x2 < 0 || b.x1 > width) continue;
    const w = b.tag.length * LABEL_CHAR_PX;
    const x = Math.max(0, b.x1 + 3);
    // a band that began off the left edge is named at the edge only while it still covers it
    if (b.x1 + 3 < 0 && b.x2 < w) continue;
    if (!fits(x, x + w)) continue;
    out.set(b.tag, x);
    taken.push([x, x + w]);
  }
  return out;
}
