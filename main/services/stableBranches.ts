import type { Repository } from '../repository/repository';
import { isStableBranch, isStableRemoteBranch } from '../../shared/stableBranchNames';

export { isStableBranch, isStableRemoteBranch };

/** The repository's stable branches (isStableBranch), each once: a local branch hides remote-tracking ones of its name, remotes at one commit count once. */
export function stableBranches(repo: Repository): { name: string; commit: string }[] {
  const out = repo.refs
    .listBranches()
    .filter((b) => isStableBranch(b.name))
    .map((b) => ({ name: b.name, commit: b.oid }));
  const seen = new Set(out.map((b) => b.name));
  for (const r of repo.refs.listRemoteBranches()) {
    const name = r.name.replace(/^[^/]+\//, '');
    if (!isStableRemoteBranch(r.name) || seen.has(name) || seen.has(`${name} ${r.oid}`)) continue;
    seen.add(`${name} ${r.oid}`);
    out.push({ name: r.name, commit: r.oid });
  }
  return out;
}
