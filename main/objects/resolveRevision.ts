import { isObjectMissing, StrataError } from '../../shared/errors';
import type { TagRef } from '../../shared/model';
import { messageSearch, parseRevision } from '../../shared/refName';
import type { ObjectStore } from './objectStore';
import { parseCommit, parseCommitLinks } from './parseCommit';
import type { RefStore } from './refStore';

/** What a revision is resolved against: the refs and the objects of one repository. */
export interface RevisionSource {
  readonly refs: RefStore;
  readonly store: ObjectStore;
}

/**
 * Resolves a name and git's revision suffixes on top of it (`HEAD~3`, `v5.0^2`, `abc123^`, `v5.0^{}`) to a commit;
 * also `@` (HEAD), a ref's reflog (`main@{2}`, `@{1}` for the current branch), a branch checked out before
 * (`@{-1}`) and a branch's upstream (`@{u}`, `main@{upstream}`).
 */
export async function resolveRevision(repo: RevisionSource, rev: string): Promise<string> {
  // a message search is taken as typed to its end (a trailing space is part of the expression, as git takes it)
  const typed = rev.trimStart();
  const parts = parseRevision(typed.startsWith(':/') ? typed : typed.trim());
  if (!parts) throw new StrataError('RevisionNotFound', `${JSON.stringify(rev.slice(0, 80))} is not a valid revision name.`);
  if (parts.search !== undefined) return youngestMatching(repo, await everyRefTip(repo), parts.search, rev);
  let oid = parts.at === null ? await resolveName(repo, parts.name) : resolveAt(repo, parts.name, parts.at, rev);
  oid = await peelToCommit(repo.store, oid);
  for (const step of parts.steps) {
    if (step.startsWith('^{/')) {
      oid = await youngestMatching(repo, [oid], step.slice(3, -1), rev);
      continue;
    }
    if (step.startsWith('^{')) continue; // peeled to a commit already
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < n; i++) oid = await parent(repo.store, oid, 1, rev);
    } else if (n > 0) {
      oid = await parent(repo.store, oid, n, rev);
    }
  }
  return oid;
}

/** The commits every ref under refs/ and HEAD name (tags peeled; refs to trees or blobs left out), as `:/text` starts from. */
async function everyRefTip(repo: RevisionSource): Promise<string[]> {
  const tips: string[] = [];
  const head = repo.refs.head();
  // git adds each ref in name order, then HEAD, each to the front of its list: the last first
  for (const oid of [...repo.refs.listAll().map((r) => r.oid), ...(head ? [head] : [])].reverse()) {
    try {
      tips.push(await peelToCommit(repo.store, oid));
    } catch (err) {
      if (!(err instanceof StrataError)) throw err; // a tag of a tree or a blob: not a commit to start from
    }
  }
  return tips;
}

/**
 * `:/text` and `rev^{/text}`: the youngest commit reachable from `tips` whose message the search matches, as git's
 * get_oid_oneline finds it: the most recent by committer date first (equal dates in the order they came), each
 * commit's parents queued by date as it is taken.
 */
async function youngestMatching(repo: RevisionSource, tips: readonly string[], text: string, rev: string): Promise<string> {
  const search = messageSearch(text);
  if (!search) throw new StrataError('RevisionNotFound', `${JSON.stringify(rev.slice(0, 80))} is not a valid revision name.`);
  type Queued = { oid: string; commit: ReturnType<typeof parseCommit> };
  const seen = new Set<string>();
  const queue: Queued[] = [];
  const read = async (oid: string): Promise<Queued> => ({ oid, commit: parseCommit((await repo.store.readObject(oid)).data) });
  // after the last entry as recent or more recent: equal dates keep the order they came in
  const insert = (q: Queued) => {
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.commit.commitTime < q.commit.commitTime) i--;
    queue.splice(i, 0, q);
  };
  const start: Queued[] = [];
  for (const oid of tips) {
    if (seen.has(oid)) continue;
    seen.add(oid);
    start.push(await read(oid));
  }
  // git sorts the starting list by date (a stable sort: equal dates in the order they came)
  queue.push(
    ...start
      .map((q, i) => ({ q, i }))
      .sort((a, b) => b.q.commit.commitTime - a.q.commit.commitTime || a.i - b.i)
      .map((x) => x.q),
  );
  for (let taken = queue.shift(); taken; taken = queue.shift()) {
    for (const p of taken.commit.parents) {
      if (seen.has(p)) continue;
      seen.add(p);
      try {
        insert(await read(p));
      } catch (err) {
        if (!isObjectMissing(err)) throw err; // beyond a shallow clone's boundary
      }
    }
    if (search.pattern.test(taken.commit.message) !== search.negative) return taken.oid;
  }
  throw new StrataError('RevisionNotFound', `No commit's message matches ${JSON.stringify(rev.slice(0, 80))}.`);
}

/** `name@{at}`: a reflog entry, a branch checked out before, or an upstream (see resolveRevision). */
function resolveAt(repo: RevisionSource, name: string, at: string, rev: string): string {
  const { refs } = repo;
  const current = refs.currentBranch();
  if (at.startsWith('-')) {
    // the N-th "checkout: moving from X to Y" of HEAD's reflog, newest first: X
    const n = Number(at.slice(1));
    const moves = refs
      .reflog('HEAD')
      .map((e) => /^checkout: moving from (\S+) to /.exec(e.message)?.[1])
      .filter((b): b is string => b !== undefined)
      .reverse();
    const branch = moves[n - 1];
    if (n < 1 || branch === undefined)
      throw new StrataError(
        'RevisionNotFound',
        `"${rev}": HEAD's reflog names ${moves.length} earlier checkout${moves.length === 1 ? '' : 's'}.`,
      );
    const oid = refs.resolveName(branch) ?? (/^[0-9a-f]{40}$/.test(branch) ? branch : null);
    if (!oid) throw new StrataError('RevisionNotFound', `"${rev}" is ${branch}, which is no longer a branch of this repository.`);
    return oid;
  }
  const full = name === '' ? (current ? `refs/heads/${current}` : 'HEAD') : refs.fullName(name);
  if (full === null) throw new StrataError('RevisionNotFound', `"${name}" is neither a branch nor a tag of this repository.`);
  if (/^\d+$/.test(at)) {
    const log = refs.reflog(full);
    const entry = log[log.length - 1 - Number(at)];
    if (!entry)
      throw new StrataError(
        'RevisionNotFound',
        log.length === 0
          ? `"${rev}": ${full} has no reflog in this repository (a clone starts one only for what it checks out).`
          : `"${rev}": the reflog of ${full} has only ${log.length} entr${log.length === 1 ? 'y' : 'ies'}.`,
      );
    return entry.new;
  }
  // upstream (@{u}) or push: the remote-tracking branch the config names for the branch
  const branch = full.startsWith('refs/heads/') ? full.slice('refs/heads/'.length) : null;
  const config = branch ? refs.branchConfig(branch) : null;
  const merge = config?.merge?.replace(/^refs\/heads\//, '');
  const remote = at.toLowerCase() === 'push' ? (config?.pushRemote ?? config?.remote) : config?.remote;
  const tracking = remote && merge ? (remote === '.' ? `refs/heads/${merge}` : `refs/remotes/${remote}/${merge}`) : null;
  const oid = tracking ? refs.readRef(tracking) : null;
  if (!oid)
    throw new StrataError(
      'RevisionNotFound',
      `"${rev}": ${branch ? `branch ${branch} has no upstream${tracking ? ` (${tracking} is not here)` : ''}` : `${full} is not a branch`}.`,
    );
  return oid;
}

/** A full id, a ref name (git's order) or an abbreviated id, to a full id. */
async function resolveName(repo: RevisionSource, name: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(name)) return name;
  const byName = repo.refs.resolveName(name);
  if (byName) return byName;
  if (/^[0-9a-f]{4,39}$/.test(name)) {
    const found = await repo.store.findAbbreviated(name);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new StrataError('RevisionNotFound', `"${name}" is ambiguous: give more digits.`);
  }
  throw new StrataError('RevisionNotFound', `"${name}" is neither a branch, a tag nor a commit of this repository.`);
}

async function parent(store: ObjectStore, oid: string, nth: number, rev: string): Promise<string> {
  const parents = parseCommitLinks((await store.readObject(oid)).data).parents;
  const p = parents[nth - 1];
  if (!p) {
    throw new StrataError(
      'RevisionNotFound',
      parents.length === 0
        ? `"${rev}" goes past the first commit of this history.`
        : `"${rev}": commit ${oid.slice(0, 12)} has ${parents.length === 1 ? 'one parent' : `${parents.length} parents`}, not ${nth}.`,
    );
  }
  return p;
}

/** The commit an object names: annotated tags followed through (tags of tags too). */
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

/**
 * Every tag peeled to the commit it names; tags of trees or blobs, and tags whose objects a shallow clone lacks,
 * are left out. `known`: tag object → commit, kept by the caller (an object id names the same thing forever),
 * given the ones peeled here.
 */
export async function peeledTags(repo: RevisionSource, known?: Map<string, string>): Promise<TagRef[]> {
  const out: TagRef[] = [];
  for (const tag of repo.refs.listTags()) {
    let commit = known?.get(tag.oid) ?? null;
    if (commit === null) {
      // packed-refs names what most tags peel to: only its type is read then, from the pack's headers
      const peeled = repo.store.objectType ? repo.refs.packedPeel(tag.name, tag.oid) : undefined;
      const type = peeled !== undefined ? repo.store.objectType!(peeled) : undefined;
      if (type === 'commit') commit = peeled!;
      else if (type === undefined || type === 'tag') commit = await peelToCommit(repo.store, tag.oid).catch(() => null);
      if (commit) known?.set(tag.oid, commit);
    }
    if (commit) out.push({ name: tag.name, commit });
  }
  return out;
}
