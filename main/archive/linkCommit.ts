import type { ArchiveCatalog, CatalogMessage } from './archiveCatalog';
import { commitMessageRefs } from './commitMessageRefs';
import { normalizeSubject } from './normalizeSubject';
import { changeSimilarity } from './parsePatch';

/** What the linker knows of one commit of a file's timeline. */
export interface CommitToLink {
  readonly subject: string;
  /** The whole commit message (trailers included). */
  readonly message: string;
  readonly authorEmail: string;
  /** The author's name as the commit gives it (a second address of the same person still matches it). */
  readonly authorName?: string;
  /** Seconds since the epoch. */
  readonly authorTime: number;
  readonly commitTime: number;
  readonly path: string;
  readonly oldPath?: string;
  /** Hashes of the normalised lines the commit adds and removes in this file (null: not known, e.g. binary). */
  readonly change: { readonly added: readonly number[]; readonly removed: readonly number[] } | null;
}

export type LinkHow = 'link' | 'patch' | 'subject';

export interface CommitLink {
  readonly message: CatalogMessage;
  readonly how: LinkHow;
  /** 0..1. */
  readonly confidence: number;
}

const DAY = 86400;
/** A patch is posted before it is committed: from a year before the author date to a day after the commit. */
const WINDOW_BEFORE = 365 * DAY;
const WINDOW_AFTER = DAY;
/** Content at least this alike is evidence of the patch (measured on the generated story: v1/v2/v3 differ by 0.5). */
const CONTENT_MIN = 0.6;
/** Any content this alike elsewhere keeps a subject-only guess from being made. */
const CONTENT_CONTRADICTS = 0.34;
/**
 * A change of this many lines or fewer in the file is too small to tell patches apart by content alone: two
 * features each adding a flag to the same list share two of three lines. Unless the lines are the same, such a
 * posting must also have the commit's author or subject (seen on linux-btrfs: "add definitions for remap-tree"
 * and another author's "add new FEATURE_INCOMPAT_ENCRYPT flag", 2 of 3 lines alike).
 */
const SMALL_CHANGE = 4;
/** Words a subject must have for a posting's subject that extends it (or that it extends) to count as its own. */
const EXTENDED_SUBJECT_MIN_WORDS = 4;

/**
 * Whether one subject is the other with words added at its end or its start, as a maintainer shortens a subject
 * when applying a patch (seen on the LTP list: "lib: Retry safe_clone() on ENOSPC|EUSERS" applied as "lib: Retry
 * safe_clone() on ENOSPC", "…KCONFIG_SKIP_CHECK environment variable" as "…KCONFIG_SKIP_CHECK environment") or
 * puts the subsystem in front ("Add tst_is_compat_mode() helper function" as "lib: Add …"). Words are runs of
 * letters, digits and `_`; the shorter needs EXTENDED_SUBJECT_MIN_WORDS of them.
 */
export function subjectExtends(a: string, b: string): boolean {
  const wa = a.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const wb = b.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (short.length < EXTENDED_SUBJECT_MIN_WORDS || short.length === long.length) return false;
  const skip = long.length - short.length;
  return short.every((w, i) => w === long[i]) || short.every((w, i) => w === long[skip + i]);
}

function fileChangeOf(m: CatalogMessage, c: CommitToLink): { added: readonly number[]; removed: readonly number[] } | null {
  const names = c.oldPath ? [c.path, c.oldPath] : [c.path];
  const f = (m.files ?? []).find((x) => names.includes(x.path) || (x.oldPath !== undefined && names.includes(x.oldPath)));
  return f ?? null;
}

/**
 * Whether a message's patch changes this file, or the same file where another tree keeps it: one path ends with
 * the other, which names a folder too (xfsprogs' libxfs/xfs_bmap.c is ported from the kernel's
 * fs/xfs/libxfs/xfs_bmap.c; a bare Makefile is no such match).
 */
function changesThisFile(m: CatalogMessage, c: CommitToLink): boolean {
  if (fileChangeOf(m, c)) return true;
  const names = c.oldPath ? [c.path, c.oldPath] : [c.path];
  const ported = (a: string, b: string) => a.length > b.length && b.includes('/') && a.endsWith(`/${b}`);
  return (m.files ?? []).some((f) => names.some((n) => ported(f.path, n) || ported(n, f.path)));
}

function similarity(m: CatalogMessage, c: CommitToLink): number {
  const f = fileChangeOf(m, c);
  return f && c.change ? changeSimilarity(f, c.change) : 0;
}

function inWindow(m: CatalogMessage, c: CommitToLink): boolean {
  return m.date >= c.authorTime - WINDOW_BEFORE && m.date <= Math.max(c.commitTime, c.authorTime) + WINDOW_AFTER;
}

/** A mail sent at the commit's author date, to the minute: the one `git am` or `b4 am` applied (they take the author date from its Date). */
const AT_AUTHOR_DATE = 60;

/**
 * Orders candidates: more alike first, then the commit's subject, its author, then the one posted at the author
 * date (the mail that was applied), then the latest posted: where versions of a series change nothing in this
 * file and the commit was not applied from a mail (a branch pulled, the author date kept from the first
 * version), the maintainer took the last version (seen on the nvdimm list: v12 and v13 alike in cxl/json.c,
 * v13 applied, the author date two months before v12).
 */
function better(c: CommitToLink, key: string) {
  const applied = (m: CatalogMessage) => Number(Math.abs(m.date - c.authorTime) <= AT_AUTHOR_DATE);
  return (a: { m: CatalogMessage; sim: number }, b: { m: CatalogMessage; sim: number }): number =>
    b.sim - a.sim ||
    Number(b.m.norm.key === key) - Number(a.m.norm.key === key) ||
    Number(b.m.email === c.authorEmail) - Number(a.m.email === c.authorEmail) ||
    applied(b.m) - applied(a.m) ||
    b.m.date - a.m.date;
}

/** The patch for this commit's file inside the thread a Link named (the Link may name the cover letter or a sibling). */
function patchInThread(catalog: ArchiveCatalog, named: CatalogMessage, c: CommitToLink): { m: CatalogMessage; sim: number } | null {
  const key = normalizeSubject(c.subject).key;
  const own = fileChangeOf(named, c) ? [named] : [];
  const touching = own.length ? own : catalog.threadMessages(catalog.threadOf(named)).filter((m) => fileChangeOf(m, c));
  // the posted patches first; a diff in a reply ("something like this?") where the thread has no other
  const posted = touching.filter((m) => !m.norm.reply);
  const pool = posted.length ? posted : touching;
  const ranked = pool.map((m) => ({ m, sim: similarity(m, c) })).sort(better(c, key));
  return ranked[0] ?? null;
}

/**
 * Finds the message that carried a commit's patch: a Link:/Message-ID trailer first (resolved to the commit's
 * own patch when it names the cover letter or a sibling), then the patch content for this file, then the
 * normalised subject with the author, with low confidence. A URL that is only mentioned in the body counts
 * only where the patch content agrees; no link is given on weak evidence when stronger evidence points elsewhere.
 */
export function linkCommit(catalog: ArchiveCatalog, c: CommitToLink): CommitLink | null {
  const refs = commitMessageRefs(c.message);
  const key = normalizeSubject(c.subject).key;
  // a trailer whose thread holds a patch for this file wins; one naming a thread without (a bug report behind
  // Reported-by/Closes:) is kept for the end, when neither content nor another trailer finds the patch
  let namedOnly: CatalogMessage | null = null;
  let byTrailer: { link: CommitLink; strength: number; sim: number } | null = null;
  for (const id of refs.trailers) {
    const named = catalog.message(id);
    if (!named) continue;
    const found = patchInThread(catalog, named, c);
    if (!found) {
      namedOnly ??= named;
      continue;
    }
    const direct = found.m === named;
    const agrees = found.sim >= CONTENT_MIN || found.m.norm.key === key;
    const strength = direct ? 2 : agrees ? 1 : 0;
    // Several trailers ("Link: …v1", a reviewer's reply, then the Link `b4 am` adds for the mail applied): one
    // naming the patch itself beats one whose thread holds a patch, then the more alike, then the later trailer
    if (byTrailer && (strength < byTrailer.strength || (strength === byTrailer.strength && found.sim < byTrailer.sim))) continue;
    byTrailer = { link: { message: found.m, how: 'link', confidence: direct ? 1 : agrees ? 0.95 : 0.8 }, strength, sim: found.sim };
  }
  if (byTrailer) return byTrailer.link;

  const candidates = c.change
    ? [...catalog.touching(c.path), ...(c.oldPath ? catalog.touching(c.oldPath) : [])].filter((m) => !m.norm.reply && inWindow(m, c))
    : [];
  const ranked = [...new Set(candidates)].map((m) => ({ m, sim: similarity(m, c) })).sort(better(c, key));
  const small = c.change !== null && c.change.added.length + c.change.removed.length <= SMALL_CHANGE;
  const byAuthor = (m: CatalogMessage) =>
    m.email === c.authorEmail || (c.authorName !== undefined && m.name.trim().toLowerCase() === c.authorName.trim().toLowerCase());
  const corroborated = (r: { m: CatalogMessage; sim: number }) => !small || r.sim === 1 || byAuthor(r.m) || r.m.norm.key === key;
  const best = ranked.find((r) => r.sim >= CONTENT_MIN && corroborated(r));
  if (best) {
    const mentioned = refs.mentions.some((id) => {
      const m = catalog.message(id);
      return m !== null && catalog.threadOf(m) === catalog.threadOf(best.m);
    });
    return { message: best.m, how: 'patch', confidence: Math.min(0.95, 0.5 + 0.4 * best.sim + (mentioned ? 0.05 : 0)) };
  }

  if (namedOnly) return { message: namedOnly, how: 'link', confidence: 0.7 };
  const bySubject = catalog.withSubjectKey(key).filter((m) => inWindow(m, c) && (m.norm.patch || (m.files?.length ?? 0) > 0));
  if (!key) return null;
  if (!bySubject.length) {
    // the subject shortened or lengthened when applied (at either end): the commit's author's patch to this file under it, unless
    // content points to another thread (the postings to this file are at hand: no subject index can find these)
    const subject = normalizeSubject(c.subject).subject;
    const extended = ranked.find((r) => byAuthor(r.m) && subjectExtends(r.m.norm.subject, subject));
    if (!extended) return null;
    if (ranked.some((r) => r.sim >= CONTENT_CONTRADICTS && catalog.threadOf(r.m) !== catalog.threadOf(extended.m))) return null;
    return { message: extended.m, how: 'subject', confidence: 0.35 };
  }
  const sameAuthor = bySubject.filter((m) => m.email === c.authorEmail);
  const pool = (sameAuthor.length ? sameAuthor : bySubject).map((m) => ({ m, sim: similarity(m, c) })).sort(better(c, key));
  const pick = pool[0]!;
  // content that points to another thread outranks a subject
  const elsewhere = ranked.find((r) => r.sim >= CONTENT_CONTRADICTS && catalog.threadOf(r.m) !== catalog.threadOf(pick.m));
  if (elsewhere) return null;
  // so does a thread whose patches change other files, never this one: another change under the same name (seen
  // on the io-uring list: a liburing commit named as the kernel series that needed it); a port of this file counts
  const patches = catalog.threadMessages(catalog.threadOf(pick.m)).filter((m) => m.files?.length);
  if (patches.length && !patches.some((m) => changesThisFile(m, c))) return null;
  return { message: pick.m, how: 'subject', confidence: sameAuthor.length ? 0.4 : 0.25 };
}
