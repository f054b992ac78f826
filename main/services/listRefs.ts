import type { RefList } from '../../shared/model';
import type { Repository } from '../repository/repository';
import { peeledTags } from '../objects/resolveRevision';
import { readCommit } from './readVersions';

/** Branches (local, then remote-tracking) and tags (newest first by the date of the commit they name), for the ref picker. */
export async function listRefs(repo: Repository): Promise<RefList> {
  const branches = [
    ...repo.refs.listBranches().map((b) => ({ name: b.name, commit: b.oid, remote: false })),
    ...repo.refs.listRemoteBranches().map((b) => ({ name: b.name, commit: b.oid, remote: true })),
  ];
  const tags = await peeledTags(repo);
  const time = new Map<string, number>();
  for (const t of tags) {
    if (time.has(t.commit)) continue;
    const c = await readCommit(repo.store, t.commit).catch(() => null);
    time.set(t.commit, c ? Date.parse(c.committer.date) || 0 : 0);
  }
  tags.sort((a, b) => time.get(b.commit)! - time.get(a.commit)! || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  return { head: repo.info.head, current: repo.info.branch, branches, tags };
}
