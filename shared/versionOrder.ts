/**
 * Release tags read as versions, in the spellings projects tag them with: v5.0-rc3 and v4.14.3 (the kernel),
 * v2.5.0-rc0 (git), curl-7_13_1 and curl_7_6-pre3 (underscores), rc-8_22_0-2 (a pre-release named before its
 * numbers), zfs-0.6.5.11, 8.0-m01 (redis's milestones), v2.41-devel (util-linux's start of a cycle), V_9_8_P1 and
 * V_3_7_1_P2 (OpenSSH's portable releases).
 */
export interface VersionTag {
  /** What comes before the numbers: `v`, `curl-`, `V_`, `rc-`. */
  readonly prefix: string;
  readonly major: string;
  /** Absent where the version is one number (rdma-core's v16, v12-rc2). */
  readonly minor: string | undefined;
  readonly patch: string | undefined;
  /** A fourth number (zfs-0.6.5.11, vim's patches). */
  readonly extra: string | undefined;
  /** The separator between the numbers: `.` or `_` (absent with one number). */
  readonly sep: string | undefined;
  /** A pre-release (-rc3, -pre1, -m01, -devel, -a.1), with its kind's rank and number for ordering; null for a release. */
  readonly pre: { readonly rank: number; readonly n: number } | null;
  /** A packaging revision after the version (OpenSSH's _P1, _P2). */
  readonly revision: number | null;
  /** A release dated after its version (yymmdd, see DATED), ordered by that date; absent for others. */
  readonly dated?: number;
  /**
   * A maintenance release lettered after its version (tmux's 3.1a, 3.1b; OpenSSL's OpenSSL_1_1_1w and, past z,
   * OpenSSL_0_9_8za): its place after the version, 0 for none (see LETTERS).
   */
  readonly letter: number;
}

// rc, pre, alpha, beta (nvme-cli's a.1, b.5; semver's alpha.1); redis's milestones (8.0-m01); util-linux's marks
// of a cycle's start (v2.41-devel, v2.41-start)
const PRE = /(?:^|[-_.~])(?:(rc|pre|alpha|beta|dev|devel|start)\.?(\d*)|(m)(\d+)|([ab])\.?(\d+))(?:$|[-_.])/i;
/**
 * Where in a cycle each kind of pre-release comes: a cycle's start, then alpha, beta, pre-releases, then release
 * candidates (busybox's 1_00_pre1…pre10 came before its 1_00_rc1).
 */
const PRE_RANK: Record<string, number> = { dev: 0, devel: 0, start: 0, alpha: 1, a: 1, beta: 2, b: 2, pre: 3, rc: 4, m: 4 };
const REVISION = /^[-_.]?p(\d+)$/i;
/** A release dated after its version, yymmdd (iproute2's v2.6.19-061214, v2_6_10-050124, v2_6_7-ss040608). */
const DATED = /^[-_.](?:ss)?(\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$/;
/** One or two lower-case letters right after the numbers: 3.1a, 1_0_2u, 0_9_8zh. */
const LETTERS = /^([a-z])([a-z])?$/;

/** Letters in their order, one after z (z < za < zb): a = 27, z = 702, za = 703. */
function letterRank(m: RegExpExecArray | null): number {
  if (!m) return 0;
  const at = (c: string | undefined) => (c ? c.charCodeAt(0) - 96 : 0);
  return at(m[1]) * 27 + at(m[2]);
}

export function versionTag(tag: string): VersionTag | null {
  const m = /^(\D*?)(\d+)(?:([._])(\d+)(?:\3(\d+))?(?:\3(\d+))?)?(.*)$/.exec(tag);
  if (!m) return null;
  const [, prefix, major, sep, minor, patch, extra, written] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
    string | undefined,
    string | undefined,
    string,
  ];
  // a release said to be one (libevent's release-2.1.12-stable, release-1.4.14b-stable; 1.0-final) is that version
  const suffix = written.slice(0, written.length - saidReleased(written).length);
  // a date (redis's twitter-20100804, the kernel's next-20240105) marks a day, not a release
  if (minor === undefined && /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(major)) return null;
  const preBefore = PRE.exec(prefix);
  const preAfter = PRE.exec(suffix);
  const revision = REVISION.exec(suffix);
  const dated = revision ? null : DATED.exec(suffix);
  const letters = preAfter || revision || dated ? null : LETTERS.exec(suffix);
  // a suffix other than a pre-release marker (or the number of one named before: rc-8_22_0-2) is another kind of tag
  const numberOfPre = preBefore && /^[-_.](\d+)$/.exec(suffix);
  if (suffix !== '' && !preAfter && !numberOfPre && !revision && !dated && !letters) return null;
  const marker = preAfter ?? preBefore;
  const pre = marker
    ? {
        rank: PRE_RANK[(marker[1] ?? marker[3] ?? marker[5]!).toLowerCase()]!,
        n: Number(marker[2] || marker[4] || marker[6] || (numberOfPre ? numberOfPre[1] : 0)),
      }
    : null;
  return {
    prefix,
    major,
    minor,
    patch,
    extra,
    sep,
    pre,
    revision: revision ? Number(revision[1]) : null,
    ...(dated ? { dated: Number(dated[1]) } : {}),
    letter: letterRank(letters),
  };
}

/** The end of a tag that says it is a release (`-stable`, `-final`), or ''. */
export function saidReleased(tag: string): string {
  return /[-_.](?:stable|final)$/i.exec(tag)?.[0] ?? '';
}

/**
 * Orders release tags as versions: v4.14 < v4.20 < v5.0-rc1 < v5.0 < v5.0.1, curl-7_9_3-pre1 < curl-7_9_3 <
 * curl-7_10_0, V_9_8_P1 < V_9_8_P2 < V_9_9_P1; tags that are no version (PRE-REORDER, v2.6.11-tree) last, by name.
 * The first release that contains a commit is the first tag in this order that reaches it.
 */
export function compareVersionTags(a: string, b: string): number {
  return compareKeys(a, keyOf(versionTag(a)), b, keyOf(versionTag(b)), 0);
}

/** Versions in order, then (for one version in two spellings) `more`'s choice, then names; no version last. */
function compareKeys(a: string, va: number[] | null, b: string, vb: number[] | null, more: number): number {
  if (va && vb) {
    for (let i = 0; i < va.length; i++) if (va[i] !== vb[i]) return va[i]! - vb[i]!;
    if (more) return more;
  } else if (va) return -1;
  else if (vb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * [major, minor, patch, extra, letter, pre-release rank, its number, revision or date]: a release's rank is +Infinity, after
 * its pre-releases; a lettered release comes after its version and before the next.
 */
function keyOf(v: VersionTag | null): number[] | null {
  if (!v) return null;
  return [
    Number(v.major),
    Number(v.minor ?? 0),
    Number(v.patch ?? 0),
    Number(v.extra ?? 0),
    v.letter,
    v.pre ? v.pre.rank : Number.POSITIVE_INFINITY,
    v.pre ? v.pre.n : 0,
    v.revision ?? v.dated ?? 0,
  ];
}

/**
 * compareVersionTags over one repository's tags, where one version is tagged twice (rdma-core's v12-rc2 and
 * rdma-core-12-rc2): the spelling most of its tags use comes first, so its releases are named one way.
 */
export function versionOrderOf(tags: readonly string[]): (a: string, b: string) => number {
  const uses = new Map<string, number>();
  const keys = new Map<string, { key: number[] | null; prefix: string }>();
  const read = (t: string) => {
    let k = keys.get(t);
    if (!k) {
      const v = versionTag(t);
      keys.set(t, (k = { key: keyOf(v), prefix: v?.prefix ?? '' }));
    }
    return k;
  };
  for (const t of tags) {
    const { key, prefix } = read(t);
    if (key) uses.set(prefix, (uses.get(prefix) ?? 0) + 1);
  }
  return (a, b) => {
    const ka = read(a);
    const kb = read(b);
    return compareKeys(a, ka.key, b, kb.key, (uses.get(kb.prefix) ?? 0) - (uses.get(ka.prefix) ?? 0));
  };
}
