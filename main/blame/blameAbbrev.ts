import type { ObjectStore } from '../objects/objectStore';

/** git's shortest abbreviation where the repository is small (FALLBACK_DEFAULT_ABBREV). */
const FALLBACK = 7;

/**
 * `core.abbrev` as git reads it: a length (4 to 40), 40 for a false value ("no", "off"), null for "auto", unset or
 * a value git refuses (it then stops; Strata takes git's default).
 */
export function parseCoreAbbrev(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (v === 'auto') return null;
  if (v === 'false' || v === 'no' || v === 'off' || v === '') return 40;
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= 4 && n <= 40 ? n : null;
}

/** The length git abbreviates ids to where nothing is configured: half the bits of the packed object count, in hex digits. */
export function autoAbbrev(packedObjects: number): number {
  const bits = packedObjects > 0 ? Math.floor(Math.log2(packedObjects)) + 1 : 1;
  return Math.max(FALLBACK, Math.ceil(bits / 2));
}

/**
 * The width of the id column of `git blame`'s default output: the longest abbreviation any of the commits shown
 * needs to be unambiguous (from `core.abbrev`, else from the repository's size), and one more for the `^` of a
 * boundary commit (as git 2.39 lays it out; later releases add one only where a line carries a mark).
 */
export function blameAbbrev(store: ObjectStore, commits: Iterable<string>, coreAbbrev: number | null): number {
  let len = coreAbbrev ?? autoAbbrev(store.packedObjects?.() ?? 0);
  if (len < 40 && store.abbreviationLength) for (const oid of commits) len = Math.max(len, store.abbreviationLength(oid, len));
  return Math.min(41, len + 1);
}
