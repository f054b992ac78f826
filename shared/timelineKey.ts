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
export const revSchema = z
  .string()
  .min(1)
  .max(256)
  .refine(isValidRevision, {
    error: (issue) =>
      typeof issue.input === 'string' && /@\{[^}]*[^\d}-][^}]*\}/.test(issue.input) && !/@\{(upstream|u|push)\}/i.test(issue.input)
        ? "a branch, tag or commit; in @{…}, a reflog entry's number (HEAD@{1}), -N (@{-1}) or upstream: dates (HEAD@{yesterday}) are not read"
        : typeof issue.input === 'string' && /[^./]\.\.\.?([^./]|$)/.test(issue.input) && !/(^|\/)\.\.(\/|$)/.test(issue.input)
          ? 'one branch, tag or commit, not a range (A..B): give B; the tag range filter narrows the list to between two releases'
          : 'a branch, tag or commit (git ref-name rules)',
  });

/**
 * Which timeline a request is about. Every method derived from a timeline (the index itself, releases,
 * changed functions, the export ledger, the report) takes exactly these fields, so none of them can
 * quietly ignore one (the Exports tab used to drop `follow` while the report's ledger used it).
 */
export const timelineKeySchema = z.object({ dir: dirSchema, path: repoPathSchema, follow: z.boolean(), rev: revSchema.optional() });

export type TimelineKey = z.infer<typeof timelineKeySchema>;

/** The key a shown timeline answers: its folder, path, follow and the revision it was indexed at. */
export function timelineKeyOf(t: Timeline): TimelineKey {
  return { dir: t.repo.dir, path: t.path, follow: t.follow, ...(t.rev ? { rev: t.rev } : {}) };
}
