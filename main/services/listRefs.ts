import type { RefList } from '../../shared/model';
import { versionOrderOf, versionTag } from '../../shared/versionOrder';
import type { Repository } from '../repository/repository';
import { repositoryTags } from './repositoryTags';

/** Branches (local, then remote-tracking) and tags (newest version first, then those that name no version), for the ref picker. */
export async function listRefs(repo: Repository): Promise<RefList> {
  const branches = [
    ...repo.refs.listBranches().map((b) => ({ name: b.name, commit: b.oid, remote: false })),
    ...repo.refs.listRemoteBranches().map((b) => ({ name: b.name, commit: b.oid, remote: true })),
  ];
  const all = await repositoryTags(repo);
  const order = versionOrderOf(all.map((t) => t.name));
  const versions: typeof all = [];
  const others: typeof all = [];
  for (const t of all) (versionTag(t.name) ? versions : others).push(t);
  const tags = [...versions.sort((a, b) => order(b.name, a.name)), ...others.sort((a, b) => order(a.name, b.name))];
  return { head: repo.info.head, current: repo.info.branch, branches, tags };
}
