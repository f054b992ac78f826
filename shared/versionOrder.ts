/** Orders release tags as versions: v4.14 < v4.20 < v5.0-rc1 < v5.0 < v5.0.1; other names last, by name. */
export function compareVersionTags(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa && pb) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** [major, minor, patch, rc] where a final release has rc = +Infinity so it sorts after its -rc tags. */
export function parseVersion(tag: string): number[] | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-rc(\d+))?$/.exec(tag);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] === undefined ? Number.POSITIVE_INFINITY : Number(m[4])];
}
