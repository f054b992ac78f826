import { StrataError } from '../../shared/errors';
import type { ObjectStore } from './objectStore';
import { parseCommitLinks } from './parseCommit';

/** Resolves git's revision suffixes on top of a name: `HEAD~3`, `v5.0^2`, `abc123^`. */
export async function resolveRevision(store: ObjectStore, rev: string): Promise<string> {
  const m = /^(.*?)((?:[~^]\d*)*)$/.exec(rev.trim());
  const base = m?.[1] || rev;
  let oid = await store.resolve(base);
  oid = await peelToCommit(store, oid);
  for (const step of (m?.[2] ?? '').match(/[~^]\d*/g) ?? []) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < n; i++) oid = await parent(store, oid, 1, rev);
    } else if (n > 0) {
      oid = await parent(store, oid, n, rev);
    }
  }
  return oid;
}

async function parent(store: ObjectStore, oid: string, nth: number, rev: string): Promise<string> {
  const p = parseCommitLinks((await store.readObject(oid)).data).parents[nth - 1];
  if (!p) throw new StrataError('RevisionNotFound', `"${rev}" goes past the first commit of this history.`);
  return p;
}

export async function peelToCommit(store: ObjectStore, oid: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const obj = await store.readObject(oid);
    if (obj.type === 'commit') return oid;
    const m = obj.type === 'tag' ? /^object ([0-9a-f]{40})/m.exec(Buffer.from(obj.data).toString('latin1')) : null;
    if (!m) throw new StrataError('RevisionNotFound', `${oid} is a ${obj.type}, not a commit.`);
    oid = m[1]!;
  }
  throw new StrataError('RevisionNotFound', `${oid} is a tag chain too deep to follow.`);
}
