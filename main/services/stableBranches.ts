import type { Repository } from '../repository/repository';

/**
 * A stable branch, as a local branch names it: the kernel's linux-5.4.y, and the names other projects give the
 * branches they cherry-pick fixes to (util-linux's stable/v2.41, stable-2.0, 2.4-stable, PostgreSQL's REL_16_STABLE).
 */
export function isStableBranch(name: string): boolean {
  return (
    /(^|\/)linux-\d+\.\d+\.y$/.test(name) ||
    /^stable[/-]v?\d+(\.\d+)+$/.test(name) ||
    /^v?\d+(\.\d+)+-stable$/.test(name) ||
    /^REL_?\d+(_\d+)*_STABLE$/.test(name)
  );
}

/** The same for a remote-tracking branch (origin/linux-6.1.y, origin/stable/v2.41): its name past the remote's. */
export function isStableRemoteBranch(name: string): boolean {
  return isStableBranch(name.replace(/^[^/]+\//, ''));
}

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
