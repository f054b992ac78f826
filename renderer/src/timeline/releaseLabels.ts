/**
 * Which releases the time axis names, and where. Commits are grouped by the mainline release they first shipped in
 * (an -rc or a maintenance tag counts for its mainline release), and a label is drawn wherever it has room at the
 * current zoom, left to right — the selected commit's release first and always, and never under the zoom buttons.
 */
import { saidReleased, versionTag } from '../../../shared/versionOrder';

/** The releases of a repository's tags by version (major.minor.patch), for pre-releases named unlike their release. */
const releasesByVersion = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

function releasesOf(known: ReadonlySet<string>): Map<string, string[]> {
  let map = releasesByVersion.get(known);
  if (!map) {
    map = new Map();
    for (const tag of known) {
      const v = versionTag(tag);
      if (!v || v.pre || (v.revision ?? 0) > 1 || v.dated !== undefined || v.letter) continue;
      const key = [v.major, v.minor, v.patch]
        .filter((n) => n !== undefined)
        .map(Number)
        .join('.');
      map.set(key, [...(map.get(key) ?? []), tag]);
    }
    releasesByVersion.set(known, map);
  }
  return map;
}

/**
 * The mainline release a tag belongs to: v5.0-rc3 → v5.0, v4.14.3 → v4.14, v2.4.5 → v2.4.0, v2.5.0-rc0 → v2.5.0,
 * curl-7_13_1 → curl-7_13_0, rc-8_22_0-2 → curl-8_22_0, v9.1.0972 → v9.1.0000, V_9_8_P2 and V_9_8_1_P1 → V_9_8_P1,
 * v12-rc2 and v16.1 → v12 and v16, tmux's 3.1a and 3.1b → 3.1 — where that tag exists; else the tag itself.
 */
export function mainlineRelease(tag: string, known: ReadonlySet<string>): string {
  const v = versionTag(tag);
  if (!v) return tag;
  // a lettered maintenance release belongs where its version does
  if (v.letter && !v.pre) {
    // (before a -stable that says it is a release: libevent's release-1.4.14b-stable)
    const said = saidReleased(tag);
    const version = tag.slice(0, tag.length - said.length).replace(/[a-z]{1,2}$/, '') + said;
    return known.has(version) ? mainlineRelease(version, known) : tag;
  }
  // a later packaging of a version (OpenSSH's V_9_8_P2) belongs where its first does
  if ((v.revision ?? 0) > 1 && !v.pre) {
    const first = tag.replace(/([-_.]?p)\d+$/i, (_, spelled: string) => `${spelled}1`);
    if (known.has(first)) return mainlineRelease(first, known);
  }
  const { prefix, major, minor, sep } = v;
  // one number (rdma-core's v16): its pre-releases (v12-rc2, rdma-core-12-rc2) belong to it
  if (minor === undefined || sep === undefined) {
    const found = (releasesOf(known).get(String(Number(major))) ?? []).filter((t) => t !== tag);
    return v.pre ? (found.find((t) => t.startsWith(prefix)) ?? found[0] ?? tag) : tag;
  }
  // rdma-core's v16.1 is a maintenance release of v16
  if (v.patch === undefined && !v.pre) return known.has(`${prefix}${major}`) ? `${prefix}${major}` : tag;
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
/** The same for the selected release's label, which is bold. */
export const SELECTED_CHAR_PX = 7.3;
const GAP = 6;

/** Where a band's name is drawn: x of its left end, on the first line or, below the zoom buttons, the second. */
export interface LabelPlace {
  readonly x: number;
  readonly row: 0 | 1;
}

/**
 * Where each labelled band's name goes, for bands sorted by start. A label starts at its band and may run past it
 * into empty time (a one-commit release is named too); it is left out where it would run into a label already
 * placed. The first line keeps clear of `reserved` (the zoom buttons): a label that would run under them goes on the
 * second line, below them, still at its band (moved left of them, it would hide the releases before it). The
 * `selected` release is placed first, so it is named at any zoom.
 */
export function placeLabels(
  bands: readonly BandSpan[],
  width: number,
  selected: string | null,
  reserved: readonly [number, number][],
): Map<string, LabelPlace> {
  const taken: [[number, number][], [number, number][]] = [[...reserved], []];
  const out = new Map<string, LabelPlace>();
  const clear = (row: 0 | 1, a: number, b: number) => taken[row].every(([s, e]) => b + GAP <= s || a >= e + GAP);
  const underReserved = (a: number, b: number) => reserved.some(([s, e]) => !(b + GAP <= s || a >= e + GAP));
  const put = (tag: string, x: number, w: number, row: 0 | 1) => {
    out.set(tag, { x, row });
    taken[row].push([x, x + w]);
  };
  const chosen = bands.find((b) => b.tag === selected);
  if (chosen) {
    const w = chosen.tag.length * SELECTED_CHAR_PX;
    const x = Math.max(0, Math.min(chosen.x1 + 3, width - w));
    put(chosen.tag, x, w, underReserved(x, x + w) ? 1 : 0);
  }
  for (const b of bands) {
    if (out.has(b.tag) || b.x2 < 0 || b.x1 > width) continue;
    const w = b.tag.length * LABEL_CHAR_PX;
    const x = Math.max(0, b.x1 + 3);
    // a band that began off the left edge is named at the edge only while it still covers it
    if (b.x1 + 3 < 0 && b.x2 < w) continue;
    if (x + w <= width && clear(0, x, x + w)) put(b.tag, x, w, 0);
    else if (underReserved(x, x + w)) {
      const below = Math.min(x, width - w);
      if (clear(1, below, below + w)) put(b.tag, below, w, 1);
    }
  }
  return out;
}
