import type { RenameGap } from '../history/walkFileHistory';
import type { Repository } from '../repository/repository';
import { fetchAdvice } from './missingVersions';

/**
 * What a `--follow` timeline says where its rename searches went on without content this copy lacks (a partial
 * clone's versions left on its remote, or a damaged repository): git stops there, so what was found past those
 * commits may not be what git finds; and how to bring what is missing.
 */
export async function renameGapMessage(gaps: readonly RenameGap[], repo: Repository, file: string, remote: string | null): Promise<string> {
  const short = (oid: string) => oid.slice(0, 12);
  // the added path is never a file of the parent: where it is lacking, it is the added version
  const own = gaps.some((g) => g.lacking.includes(g.path));
  const others = [...new Set(gaps.flatMap((g) => g.lacking.filter((p) => p !== g.path)))];
  const named = others.slice(0, 3).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
  const what = [
    own ? 'the added version itself' : '',
    others.length ? `${others.length} file${others.length === 1 ? '' : 's'} of the parent (${named})` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const where =
    gaps.length === 1
      ? `at ${short(gaps[0]!.oid)}, where ${gaps[0]!.path} appeared,`
      : `at ${gaps.length} commits where the followed file appeared (${gaps
          .slice(0, 3)
          .map((g) => short(g.oid))
          .join(', ')}${gaps.length > 3 ? ', …' : ''}),`;
  const maybe = "the older part of the list is what Strata found without it, and may not be git's.";
  const said =
    remote !== null
      ? `git log --follow fetches it from the partial clone's remote "${remote}" there; Strata reads only what is on ` +
        `disk, so ${maybe} ${await fetchAdvice(repo, remote, file, true)} Then open the file again.`
      : `git log --follow stops there ("unable to read"); ${maybe} ${repo.info.gitdir} is no partial clone: the ` +
        'repository is damaged (git fsck names what it lacks); fetch or clone it again.';
  return `Following renames, the search for where the file came from ${where} went on without content this copy lacks: ${what}. ${said}`;
}
