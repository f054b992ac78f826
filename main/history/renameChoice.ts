/**
 * Which file of the parent git's rename detection (diffcore-rename.c) pairs with one added file, written from
 * its behaviour: the same rules for `git log --follow` (copies too: every file of the parent is a source) and
 * for blame and `-L` (renames only: the files the commit deleted).
 */
import type { ObjectReads } from '../objects/objectReads';
import { DEFAULT_MIN_SCORE, MAX_SCORE } from './similarity';

export interface RenameCandidate {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
}

/** A regular file (executable or not): the only kind whose content is compared for likeness. */
export const isRegular = (mode: string): boolean => mode === '100644' || mode === '100755';

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** git looks at this many identical sources at most, then takes the best seen. */
const IDENTICAL_LOOKED_AT = 100;
/** Best candidates kept per destination before they are ranked (NUM_CANDIDATE_PER_DST). */
const KEPT_PER_DESTINATION = 4;
/** A source whose name alone is the destination's takes it at this score (75%: halfway from 50% to 100%). */
export const BASENAME_MIN_SCORE = DEFAULT_MIN_SCORE + 0.5 * (MAX_SCORE - DEFAULT_MIN_SCORE);

/**
 * The source with the destination's very content (find_identical_files), sources in the parent's tree order:
 * a file the commit deleted scores one more than one it kept (a copy; only where `copies`), the same name one
 * more; the first of the best wins, and git stops at a deleted same-named one or after 100 identical.
 * `deleted` says whether the commit removed a source (asked only of the identical ones).
 */
export function* identicalSource<T extends RenameCandidate>(
  sources: readonly T[],
  dst: RenameCandidate,
  copies: boolean,
  deleted: (s: T) => ObjectReads<boolean>,
): ObjectReads<T | null> {
  let best: T | null = null;
  let bestScore = -1;
  let left = IDENTICAL_LOOKED_AT;
  const name = basename(dst.path);
  for (const s of sources) {
    if (s.oid !== dst.oid) continue;
    if ((!isRegular(s.mode) || !isRegular(dst.mode)) && s.mode !== dst.mode) continue;
    const gone = yield* deleted(s);
    if (!gone && !copies) continue;
    const score = (gone ? 1 : 0) + (basename(s.path) === name ? 1 : 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
      if (score === 2) break;
    }
    if (--left === 0) break;
  }
  return best;
}

/** All sources are files the commit deleted (blame's and -L's renames): nothing to look up. */
// eslint-disable-next-line require-yield
export function* allDeleted(): ObjectReads<boolean> {
  return true;
}

/** The one source whose name is the destination's, where no other source has that name (the basename pass). */
export function sameNamedSource<T extends RenameCandidate>(sources: readonly T[], dstPath: string): T | null {
  const name = basename(dstPath);
  const named = sources.filter((s) => basename(s.path) === name);
  return named.length === 1 ? named[0]! : null;
}

export interface ScoredSource<T> {
  readonly source: T;
  /** git's similarity score (0..60000); 0 where the sizes or modes rule it out. */
  readonly score: number;
}

/** git's score_compare: the higher score first, then the same name. */
function compare<T extends RenameCandidate>(a: ScoredSource<T>, b: ScoredSource<T>, name: string): number {
  const named = (s: ScoredSource<T>) => (basename(s.source.path) === name ? 1 : 0);
  return a.score === b.score ? named(b) - named(a) : b.score - a.score;
}

/**
 * The similar source (the rename matrix for one destination): every source scored, in the parent's tree order;
 * the best four kept as git keeps them (a later one replaces the first of the worst only when strictly better),
 * ranked by score, then name, then where they were kept; the first at 50% or more the commit deleted, else,
 * where `copies`, the first at 50% or more.
 */
export function* similarSource<T extends RenameCandidate>(
  scored: readonly ScoredSource<T>[],
  dstPath: string,
  copies: boolean,
  deleted: (s: T) => ObjectReads<boolean>,
): ObjectReads<T | null> {
  const name = basename(dstPath);
  const kept: ScoredSource<T>[] = [];
  for (const s of scored) {
    if (kept.length < KEPT_PER_DESTINATION) {
      kept.push(s);
      continue;
    }
    let worst = 0;
    for (let i = 1; i < kept.length; i++) if (compare(kept[i]!, kept[worst]!, name) > 0) worst = i;
    if (compare(kept[worst]!, s, name) > 0) kept[worst] = s;
  }
  const ranked = kept.map((s, at) => ({ s, at })).sort((a, b) => compare(a.s, b.s, name) || a.at - b.at);
  for (const { s } of ranked) {
    if (s.score < DEFAULT_MIN_SCORE) break;
    if (yield* deleted(s.source)) return s.source;
  }
  if (!copies) return null;
  const first = ranked[0];
  return first && first.s.score >= DEFAULT_MIN_SCORE ? first.s.source : null;
}
