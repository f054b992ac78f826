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
  const versions = all.filter((t) => versionTag(t.name)).sort((a, b) => order(b.name, a.name));
  const others = all.filter((t) => !versionTag(t.name)).sort((a, b) => order(a.name, b.name));
  const tags = [...versions, ...others];
  return { head: repo.info.head, current: repo.info.branch, branches, tags };
}
