import { z } from 'zod';
import type { Timeline } from './model';
import { isValidRevision } from './refName';

// The request fields every method checks the same way: the renderer is untrusted.
export const dirSchema = z.string().min(1).max(4096);
export const repoPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'a path inside the repository');
/** Why a revision a request names is refused; `ranges`: where a range (A..B) is read. */
function revisionProblem(input: unknown, ranges: boolean): string {
  if (typeof input === 'string' && /@\{[^}]*[^\d}-][^}]*\}/.test(input) && !/@\{(upstream|u|push)\}/i.test(input))
    return "a branch, tag or commit; in @{…}, a reflog entry's number (HEAD@{1}), -N (@{-1}) or upstream: dates (HEAD@{yesterday}) are not read";
  if (typeof input === 'string' && /[^./]\.\.\.?([^./]|$)/.test(input) && !/(^|\/)\.\.(\/|$)/.test(input))
    return ranges
      ? 'a branch, tag or commit, or a range A..B of two (git log A..B); a symmetric difference (A...B) is not read'
      : 'one branch, tag or commit here, not a range (A..B): give B';
  return ranges ? 'a branch, tag or commit (git ref-name rules), or a range A..B of two' : 'a branch, tag or commit (git ref-name rules)';
}

export const revSchema = z
  .string()
  .min(1)
  .max(256)
  .refine(isValidRevision, { error: (issue) => revisionProblem(issue.input, false) });

/**
 * A range as `git log A..B` reads one: the commits B reaches and A does not (`A..` is A..HEAD, `..B` HEAD..B).
 * Null for anything else, a symmetric difference (A...B) included; a message search (`:/a..b`) is no range.
 */
export function revisionRange(rev: string): { readonly bottom: string; readonly top: string } | null {
  if (rev.startsWith(':/') || rev.includes('^{/')) return null;
  const i = rev.indexOf('..');
  if (i < 0 || rev.startsWith('...', i)) return null;
  const bottom = rev.slice(0, i) || 'HEAD';
  const top = rev.slice(i + 2) || 'HEAD';
  if ((i === 0 && rev.length === 2) || !isValidRevision(bottom) || !isValidRevision(top)) return null;
  return { bottom, top };
}

/** The revision a timeline is read at: one, or a range (`git log A..B -- path`). */
export const timelineRevSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((r) => isValidRevision(r) || revisionRange(r) !== null, { error: (issue) => revisionProblem(issue.input, true) });

/**
 * Which timeline a request is about. Every method derived from a timeline (the index itself, releases,
 * changed functions, the export ledger, the report) takes exactly these fields, so none of them can
 * quietly ignore one (the Exports tab used to drop `follow` while the report's ledger used it).
 */
export const timelineKeySchema = z.object({ dir: dirSchema, path: repoPathSchema, follow: z.boolean(), rev: timelineRevSchema.optional() });

export type TimelineKey = z.infer<typeof timelineKeySchema>;

/** git log's --since and --until, in seconds since the epoch (committer dates): a list narrowed as git's walk narrows it. */
export const timelineWindowSchema = z
  .object({ since: z.number().int().safe().optional(), until: z.number().int().safe().optional() })
  .strict();

export type TimelineWindow = z.infer<typeof timelineWindowSchema>;

/** The key a shown timeline answers: its folder, path, follow and the revision it was indexed at. */
export function timelineKeyOf(t: Timeline): TimelineKey {
  return { dir: t.repo.dir, path: t.path, follow: t.follow, ...(t.rev ? { rev: t.rev } : {}) };
}
