import { z } from 'zod';

/** How git log reads --author, --committer and --grep patterns: basic (its default, -G), extended (-E), fixed strings (-F). */
export type GrepSyntax = 'basic' | 'extended' | 'fixed';

const pattern = z.string().min(1).max(1000);
const patterns = z.array(pattern).min(1).max(64);

/** git log's commit filters (grepCommits' request beside the repository and the commits). */
export const commitGrepSchema = z.object({
  author: patterns.optional(),
  committer: patterns.optional(),
  grep: patterns.optional(),
  syntax: z.enum(['basic', 'extended', 'fixed']).optional(),
  ignoreCase: z.boolean().optional(),
  allMatch: z.boolean().optional(),
  invertGrep: z.boolean().optional(),
});

export type CommitGrep = z.infer<typeof commitGrepSchema>;
