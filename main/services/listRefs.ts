import type { RefList } from '../../shared/model';
import { compareVersionTags } from '../../shared/versionOrder';
import type { Repository } from '../repository/repository';
import { repositoryTags } from './repositoryTags';

/** Branches (local, then remote-tracking) and tags (newest version first), for the ref picker. */
export async function listRefs(repo: Repository): Promise<RefList> {
  const branches = [
    ...repo.refs.listBranches().map((b) => ({ name: b.name, commit: b.oid, remote: false })),
    ...repo.refs.listRemoteBranches().map((b) => ({ name: b.name, commit: b.oid, remote: true })),
  ];
  const tags = (await repositoryTags(repo)).sort((a, b) => compareVersionTags(b.name, a.name));
  return { head: repo.info.head, current: repo.info.branch, branches, tags };
}
