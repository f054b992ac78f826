import type { Repository } from '../repository/repository';

/** A kernel stable branch, local or remote-tracking: linux-5.4.y, origin/linux-6.1.y, stable/linux-4.19.y. */
export function isStableBranch(name: string): boolean {
  return /(^|\/)linux-\d+\.\d+\.y$/.test(name);
}

/** The repository's stable branches, each once (a local branch hides the remote-tracking one of the same name). */
export function stableBranches(repo: Repository): { name: string; commit: string }[] {
  const local = repo.refs.listBranches().filter((b) => isStableBranch(b.name));
  const seen = new Set(local.map((b) => b.name));
  const remote = repo.refs.listRemoteBranches().filter((b) => isStableBranch(b.name) && !seen.has(b.name.replace(/^[^/]+\//, '')));
  const out: { name: string; commit: string }[] = [];
  for (const b of [...local, ...remote]) {
    if (out.some((o) => o.commit === b.oid && o.name.replace(/^[^/]+\//, '') === b.name.replace(/^[^/]+\//, ''))) continue;
    out.push({ name: b.name, commit: b.oid });
  }
  return out;
}
