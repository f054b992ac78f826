import type { ObjectStore } from './objectStore';

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

/** The length git starts abbreviating ids of this store at: `core.abbrev`'s (parsed), else from its size. */
export function defaultAbbrev(store: ObjectStore, coreAbbrev: number | null): number {
  return coreAbbrev ?? autoAbbrev(store.packedObjects?.() ?? 0);
}

/** `oid` abbreviated as git abbreviates it (find_unique_abbrev): `len` digits, more where another object shares them. */
export function abbreviate(store: ObjectStore, oid: string, len: number): string {
  return oid.slice(0, len >= 40 || !store.abbreviationLength ? len : store.abbreviationLength(oid, len));
}
