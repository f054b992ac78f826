import type { Discussion } from '../../../shared/discussion';

const HOW: Record<Discussion['how'], string> = {
  link: 'a Link trailer names this thread',
  patch: 'the same lines are added and removed',
  subject: 'only the subject matches',
};

/** A subject without its `Re:` and `[PATCH …]` prefixes, for telling a reworded one from the same. */
export function bareSubject(s: string): string {
  return s
    .replace(/^\s*(?:(?:re|fwd?|aw)\s*:\s*|\[[^\]]*\]\s*)*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** How the thread was found, as the header says it. */
export function howText(commitSubject: string, d: Discussion): string {
  if (d.how === 'subject' && bareSubject(commitSubject) !== bareSubject(d.subject))
    return "only the subject, shortened or lengthened when applied, and the commit's author match";
  return HOW[d.how];
}
