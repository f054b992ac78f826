import type { Repository } from '../repository/repository';

/** A kernel stable branch, local or remote-tracking: linux-5.4.y, origin/linux-6.1.y, stable/linux-4.19.y. */
export function isStableBranch(name: string): boolean {
  return /(^|\/)linux-\d+\.\d+\.y$/.test(name);
}

/** The repository's stable branches, each once: a local branch hides remote-tracking ones of its name, remotes at one commit count once. */
export function stableBranches(repo: Repository): { name: string; commit: string }[] {
  const out = repo.refs
    .listBranches()
    .filter((b) => isStableBranch(b.name))
    .map((b) => ({ name: b.name, commit: b.oid }));
  const seen = new Set(out.map((b) => b.name));
  for (const r of repo.refs.listRemoteBranches()) {
    const name = r.name.replace(/^[^/]+\//, '');
    if (!isStableBranch(r.name) || seen.has(name) || seen.has(`${name} ${r.oid}`)) continue;
    seen.add(`${name} ${r.oid}`);
    out.push({ name: r.name, commit: r.oid });
  }
  return out;
}
