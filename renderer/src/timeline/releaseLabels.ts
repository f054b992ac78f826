/**
 * Which releases the time axis names, and where. Commits are grouped by the mainline release they first shipped in
 * (an -rc or a maintenance tag counts for its mainline release), and a label is drawn wherever it has room at the
 * current zoom, left to right — the selected commit's release first and always, and never under the zoom buttons.
 */

/** A tag read as a version: what comes before its numbers, major, minor and patch, the separator, and whether it is a pre-release. */
interface VersionTag {
  readonly prefix: string;
  readonly major: string;
  readonly minor: string;
  readonly patch: string | undefined;
  readonly sep: string;
  readonly pre: boolean;
}

const PRE = /(?:^|[-_.~])(?:rc|pre|alpha|beta)\d*(?:$|[-_.])/i;

/**
 * v5.0-rc3, v4.14.3, v2.5.0-rc0, and the other spellings projects tag releases with: curl-7_13_1 (underscores),
 * zfs-2.2.0-rc4, rc-8_22_0-2 (a pre-release named before its numbers), release-1.2. Null for anything else.
 */
function versionTag(tag: string): VersionTag | null {
  const m = /^(\D*?)(\d+)([._])(\d+)(?:\3(\d+))?(?:\3\d+)?(.*)$/.exec(tag);
  if (!m) return null;
  const [, prefix, major, sep, minor, patch, suffix] = m as unknown as [string, string, string, string, string, string | undefined, string];
  const preBefore = PRE.test(prefix);
  const preAfter = PRE.test(suffix);
  // a suffix other than a pre-release marker (or the number of one named before: rc-8_22_0-2) is another kind of tag
  if (suffix !== '' && !preAfter && !(preBefore && /^[-_.]\d+$/.test(suffix))) return null;
  return { prefix, major, minor, patch, sep, pre: preBefore || preAfter };
}

/** The releases of a repository's tags by version (major.minor.patch), for pre-releases named unlike their release. */
const releasesByVersion = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

function releasesOf(known: ReadonlySet<string>): Map<string, string[]> {
  let map = releasesByVersion.get(known);
  if (!map) {
    map = new Map();
    for (const tag of known) {
      const v = versionTag(tag);
      if (!v || v.pre) continue;
      const key = `${Number(v.major)}.${Number(v.minor)}${v.patch === undefined ? '' : `.${Number(v.patch)}`}`;
      map.set(key, [...(map.get(key) ?? []), tag]);
    }
    releasesByVersion.set(known, map);
  }
  return map;
}

/**
 * The mainline release a tag belongs to: v5.0-rc3 → v5.0, v4.14.3 → v4.14, v2.4.5 → v2.4.0, v2.5.0-rc0 → v2.5.0,
 * curl-7_13_1 → curl-7_13_0, rc-8_22_0-2 → curl-8_22_0, v9.1.0972 → v9.1.0000 — where that tag exists; else the
 * tag itself.
 */
export function mainlineRelease(tag: string, known: ReadonlySet<string>): string {
  const v = versionTag(tag);
  if (!v || (v.patch === undefined && !v.pre)) return tag;
  const { prefix, major, minor, sep } = v;
  const line = `${prefix}${major}${sep}${minor}`;
  const same = [`${line}${sep}0`, line].find((c) => c !== tag && known.has(c));
  if (same) return same;
  if (!v.pre && Number(v.patch) === 0) return tag;
  // a release spelled unlike its patches (vim's v8.0.0000 before v8.0.1215), a pre-release unlike its release
  // (curl_7_6-pre3 before curl-7_6, rc-8_22_0-2 before curl-8_22_0)
  const releases = releasesOf(known);
  const x = `${Number(major)}.${Number(minor)}`;
  const found = [...(releases.get(`${x}.0`) ?? []), ...(releases.get(x) ?? [])].filter((t) => t !== tag);
  if (!v.pre) return found.find((t) => t.startsWith(prefix) && versionTag(t)!.sep === sep) ?? tag;
  return found.find((t) => t.startsWith(prefix)) ?? found[0] ?? tag;
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
