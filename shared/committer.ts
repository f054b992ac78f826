import type { Person, TimelineEntry } from './model';

export function samePerson(a: Pick<Person, 'name' | 'email'>, b: Pick<Person, 'name' | 'email'>): boolean {
  return a.name === b.name && a.email === b.email;
}

/**
 * Whether a commit's committer is worth naming beside its author, as `git log --format=fuller` would tell them
 * apart: another person (a maintainer applying a patch, as most kernel commits are), or the author's commit made
 * again later (a rebase, an amend: the dates differ).
 */
export function committerShown(e: Pick<TimelineEntry, 'author' | 'committer'>): boolean {
  return !samePerson(e.author, e.committer) || e.author.date !== e.committer.date;
}
