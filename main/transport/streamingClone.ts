import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { httpExchange } from './httpRequest';
import { notGitAnswer, sniff } from './notGitAnswer';
import { ServerWatch, type TransferTimeouts } from './serverWatch';
import { PackIndexer } from './indexPack';
import { serverText } from './serverText';
import { RefStore } from '../objects/refStore';
import type { PackObjectStore } from '../objects/pack/packObjectStore';
import { type AdvertisedRefs, FLUSH, PktReader, pktLine, protocolPkts, RefListReader } from './pktLine';

export interface StreamingCloneOptions {
  readonly url: string;
  /** The new working copy's folder (a .git folder is made inside; nothing is checked out). */
  readonly dir: string;
  readonly depth?: number;
  readonly since?: string;
  /** `dir` is the git dir itself (a bare repository, as public-inbox epochs are). */
  readonly bare?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  readonly limits?: TransferLimits;
}

/** How long to wait for a server and how long a list of refs may be (tests shorten them). */
export type TransferLimits = TransferTimeouts & {
  /** Bytes of a ref advertisement read at most (REF_LIST_LIMIT unless given). */
  readonly refListBytes?: number;
};

const REFS_QUERY = '/info/refs?service=git-upload-pack';

/**
 * GET info/refs: the refs, and the base address to send the pack request to (where the server
 * redirected the first request, as git does with http.followRedirects=initial).
 */
async function advertise(
  base: string,
  limits: TransferLimits | undefined,
  progress: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<{ adv: AdvertisedRefs; base: string }> {
  const host = new URL(base).host;
  const watch = new ServerWatch(host, limits, (message) => progress({ phase: 'Connecting', loaded: 0, message }), signal);
  const { res, url } = await watch.wait(
    httpExchange(`${base}${REFS_QUERY}`, { method: 'GET', headers: { accept: '*/*' }, signal: watch.signal }),
    'answer',
  );
  if (!url.endsWith(REFS_QUERY)) {
    res.destroy();
    throw new StrataError(
      'NotAGitRepository',
      `${base} redirected to ${url}, which is not a git repository's address (git says "unable to update url base from redirection"). Check the address.`,
    );
  }
  const answered = url.slice(0, -REFS_QUERY.length);
  const body = watch.body(res, 'send its list of refs');
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-git-upload-pack-advertisement')) {
    const head = await sniff(body);
    res.destroy();
    throw notGitAnswer(answered, type, head, 'refs');
  }
  const reader = new RefListReader(host, limits?.refListBytes);
  try {
    for await (const chunk of body) reader.push(chunk);
  } finally {
    res.destroy();
  }
  return { adv: reader.end(), base: answered };
}

/**
 * Clones over smart HTTP with the incoming pack streamed straight to disk and
 * indexed there afterwards: memory stays flat whatever the pack's size, unlike
 * isomorphic-git's clone, which holds the whole pack in memory.
 */
export async function streamingClone(o: StreamingCloneOptions): Promise<{ head: string | null; branch: string | null }> {
  const base = o.url.replace(/\/+$/, '');
  const gitdir = o.bare ? o.dir : path.join(o.dir, '.git');
  for (const d of ['objects/pack', 'objects/info', 'refs/heads', 'refs/tags', 'refs/remotes/origin'])
    fs.mkdirSync(path.join(gitdir, d), { recursive: true });
  const progress = o.onProgress ?? (() => undefined);
  progress({ phase: 'Connecting', loaded: 0 });

  const { adv, base: served } = await advertise(base, o.limits, progress, o.signal);
  const headRef = adv.headTarget ?? [...adv.refs.keys()].find((r) => r.startsWith('refs/heads/')) ?? null;
  const branch = headRef?.replace(/^refs\/heads\//, '') ?? null;
  const tip = headRef ? (adv.refs.get(headRef) ?? null) : null;
  writeConfig(gitdir, o.url, branch, o.bare ?? false);
  fs.writeFileSync(path.join(gitdir, 'HEAD'), `ref: refs/heads/${branch ?? 'master'}\n`);
  if (!tip) return { head: null, branch }; // an empty repository

  const { shallow } = await receivePack({
    base: served,
    url: o.url,
    gitdir,
    adv,
    wants: [tip],
    have: [],
    shallow: [],
    ...(o.depth ? { depth: o.depth } : {}),
    ...(o.since ? { since: o.since } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    progress,
  });
  await writeRefs(gitdir, adv, branch ?? 'master', tip, shallow);
  if (shallow.length) fs.writeFileSync(path.join(gitdir, 'shallow'), `${shallow.sort().join('\n')}\n`);
  return { head: tip, branch };
}

/**
 * Deepens a shallow repository by `by` commits with the same streaming
 * transport (a deepening can bring most of a big history). Each call lands
 * whole or not at all: the pack is renamed into place before the shallow
 * list changes, so a cut connection loses only the step under way.
 * null where the server cannot deepen relative to what is here.
 */
export async function streamingDeepen(o: {
  gitdir: string;
  url: string;
  by: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  limits?: TransferLimits;
}): Promise<{ shallow: string[] } | null> {
  const base = o.url.replace(/\/+$/, '');
  const progress = o.onProgress ?? (() => undefined);
  const shallowFile = path.join(o.gitdir, 'shallow');
  const before = fs.existsSync(shallowFile) ? fs.readFileSync(shallowFile, 'utf8').split('\n').filter(Boolean) : [];
  if (before.length === 0) return { shallow: [] };
  progress({ phase: 'Connecting', loaded: 0 });
  const { adv, base: served } = await advertise(base, o.limits, progress, o.signal);
  const branch = new RefStore(o.gitdir).currentBranch() ?? 'master';
  const tip = adv.refs.get(`refs/heads/${branch}`) ?? null;
  if (!tip) throw new StrataError('RevisionNotFound', `${o.url} no longer has the branch ${branch}.`);
  if (!adv.capabilities.has('deepen-relative')) return null;
  const ours = new RefStore(o.gitdir).readRef(`refs/heads/${branch}`);
  const got = await receivePack({
    base: served,
    url: o.url,
    gitdir: o.gitdir,
    adv,
    wants: [tip],
    have: ours ? [ours] : [],
    shallow: before,
    depth: o.by,
    relative: true,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    progress,
  });
  const gone = new Set(got.unshallow);
  const after = [...new Set([...before.filter((c) => !gone.has(c)), ...got.shallow])].sort();
  await writeRefs(o.gitdir, adv, branch, ours ?? tip, after);
  if (after.length) fs.writeFileSync(shallowFile, `${after.join('\n')}\n`);
  else fs.rmSync(shallowFile, { force: true });
  return { shallow: after };
}

/**
 * Brings a clone up to date with its remote's branch: only the objects the remote has beyond our tip
 * come over (the same streamed, verified pack as a clone, renamed into place whole or not at all).
 * Returns the new tip and whether it moved.
 */
export async function streamingFetch(o: {
  gitdir: string;
  url: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  limits?: TransferLimits;
}): Promise<{ head: string | null; changed: boolean }> {
  const base = o.url.replace(/\/+$/, '');
  const progress = o.onProgress ?? (() => undefined);
  progress({ phase: 'Connecting', loaded: 0 });
  const { adv, base: served } = await advertise(base, o.limits, progress, o.signal);
  const branch = new RefStore(o.gitdir).currentBranch() ?? 'master';
  const tip = adv.refs.get(`refs/heads/${branch}`) ?? null;
  if (!tip) return { head: null, changed: false }; // still empty
  const ours = new RefStore(o.gitdir).readRef(`refs/heads/${branch}`);
  if (ours === tip) return { head: tip, changed: false };
  await receivePack({
    base: served,
    url: o.url,
    gitdir: o.gitdir,
    adv,
    wants: [tip],
    have: ours ? [ours] : [],
    shallow: [],
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    progress,
  });
  await writeRefs(o.gitdir, adv, branch, tip, readShallow(o.gitdir));
  return { head: tip, changed: true };
}

/**
 * Fetches objects by id from a partial clone's promisor remote, as git does when one of its commands needs an
 * object the clone's filter left out: one request for all of them, the pack marked as the promisor's. Over HTTP a
 * git server serves any object its refs reach (its stateless upload-pack checks that), set for it or not. What
 * came is kept (it is the remote's, as asked); the caller checks that all came.
 */
export async function streamingFetchObjects(o: {
  gitdir: string;
  url: string;
  oids: readonly string[];
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  limits?: TransferLimits;
}): Promise<void> {
  if (o.oids.length === 0) return;
  const base = o.url.replace(/\/+$/, '');
  const progress = o.onProgress ?? (() => undefined);
  progress({ phase: 'Connecting', loaded: 0 });
  const { adv, base: served } = await advertise(base, o.limits, progress, o.signal);
  try {
    await receivePack({
      base: served,
      url: o.url,
      gitdir: o.gitdir,
      adv,
      wants: o.oids,
      have: [],
      shallow: [],
      promisor: true,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      progress,
    });
  } catch (err) {
    // a server that does not say it lets objects be asked for by id, and refuses: said in those words
    if (!(err instanceof StrataError) || err.code === 'Cancelled' || adv.capabilities.has('allow-reachable-sha1-in-want')) throw err;
    throw new StrataError(
      'NetworkLost',
      `${o.url} does not let objects be asked for by id (it offers no allow-reachable-sha1-in-want), so the versions this partial clone lacks cannot be fetched from it this way (${err.message})`,
    );
  }
}

interface ReceiveOptions {
  readonly base: string;
  readonly url: string;
  readonly gitdir: string;
  readonly adv: AdvertisedRefs;
  readonly wants: readonly string[];
  readonly have: readonly string[];
  readonly shallow: readonly string[];
  readonly depth?: number;
  readonly relative?: boolean;
  readonly since?: string;
  readonly signal?: AbortSignal;
  readonly limits?: TransferLimits;
  readonly progress: (p: Progress) => void;
  /** The pack comes from a partial clone's promisor remote: marked so (pack-<sha>.promisor), as git marks it. */
  readonly promisor?: boolean;
}

/** One upload-pack exchange: the pack streamed to a temporary file, verified, indexed, then renamed into place. */
async function receivePack(o: ReceiveOptions): Promise<{ shallow: string[]; unshallow: string[] }> {
  const wanted = ['side-band-64k', 'ofs-delta', 'include-tag', ...(o.relative ? ['deepen-relative'] : [])];
  const caps = [...wanted.filter((c) => o.adv.capabilities.has(c)), 'agent=git/strata'];
  if (!o.adv.capabilities.has('side-band-64k'))
    throw new StrataError('NetworkLost', `${o.url} does not offer side-band-64k; this server is too old to clone from.`);
  const lines: Buffer[] = o.wants.map((w, i) => pktLine(i === 0 ? `want ${w} ${caps.join(' ')}\n` : `want ${w}\n`));
  for (const c of o.shallow) lines.push(pktLine(`shallow ${c}\n`));
  if (o.depth) lines.push(pktLine(`deepen ${o.depth}\n`));
  if (o.since) {
    if (!o.adv.capabilities.has('deepen-since'))
      throw new StrataError('NetworkLost', `${o.url} cannot limit history by date (no deepen-since); use a depth instead.`);
    lines.push(pktLine(`deepen-since ${Math.floor(Date.parse(o.since) / 1000)}\n`));
  }
  lines.push(FLUSH);
  for (const h of o.have) lines.push(pktLine(`have ${h}\n`));
  lines.push(pktLine('done\n'));

  const tmpPack = path.join(o.gitdir, 'objects', 'pack', `tmp-${crypto.randomBytes(6).toString('hex')}.pack`);
  // written synchronously (to the page cache), so what is written can be indexed at once
  const out = fs.openSync(tmpPack, 'w');
  const checksum = new PackChecksum();
  let indexer: PackIndexer | null = null;
  let indexedUpTo = 0;
  let indexed = 0;
  // while receiving, the objects indexed so far go into the receiving line; afterwards they are the phase
  let onIndexProgress = (p: Progress) => {
    indexed = p.loaded;
  };
  const newIndexer = () => new PackIndexer(tmpPack, (p) => onIndexProgress(p), o.signal);
  const shallow: string[] = [];
  const unshallow: string[] = [];
  let received = 0;
  let serverMessage = '';
  let closed = false;
  try {
    const host = new URL(o.base).host;
    let inPack = false;
    const watch = new ServerWatch(
      host,
      o.limits,
      (message) => o.progress({ phase: inPack ? 'Receiving objects' : 'Connecting', loaded: received, bytes: received, message }),
      o.signal,
    );
    const { res } = await watch.wait(
      httpExchange(`${o.base}/git-upload-pack`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-git-upload-pack-request', accept: 'application/x-git-upload-pack-result' },
        body: Buffer.concat(lines),
        signal: watch.signal,
      }),
      'answer the pack request',
    );
    const body = watch.body(res, 'send the pack');
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/x-git-upload-pack-result')) {
      const head = await sniff(body);
      res.destroy();
      throw notGitAnswer(o.base, type, head, 'pack');
    }
    const reader = new PktReader();
    let sawEnd = false;
    let lastReport = 0;
    for await (const chunk of body) {
      if (o.signal?.aborted) throw new StrataError('Cancelled', 'The transfer was cancelled; nothing of it was kept.');
      for (const pkt of protocolPkts(reader, chunk, host)) {
        if (pkt.flush) {
          if (inPack) sawEnd = true;
          continue;
        }
        // before the pack: text lines (shallow, unshallow, ACK, NAK); side-band packets start with byte 1, 2 or 3
        if (!inPack && pkt.data[0]! > 3) {
          const line = pkt.data.toString('utf8').trim();
          if (line.startsWith('shallow ')) shallow.push(line.slice(8));
          else if (line.startsWith('unshallow ')) unshallow.push(line.slice(10));
          else if (line.startsWith('ERR ')) throw new StrataError('NotAGitRepository', `The server refused: ${serverText(line.slice(4))}`);
          continue;
        }
        if (!inPack) watch.endDeadline();
        inPack = true;
        const band = pkt.data[0];
        const payload = pkt.data.subarray(1);
        if (band === 1) {
          received += payload.length;
          checksum.update(payload);
          fs.writeSync(out, payload);
          // index what has arrived while the server goes on sending (every 1 MiB)
          if (received - indexedUpTo > 1 << 20) {
            indexer ??= newIndexer();
            indexer.advance(received);
            indexedUpTo = received;
          }
          const now = Date.now();
          if (now - lastReport > 100) {
            lastReport = now;
            const note = [serverMessage, indexed ? `${indexed.toLocaleString('en')} objects indexed` : ''].filter(Boolean).join(' · ');
            o.progress({ phase: 'Receiving objects', loaded: received, bytes: received, ...(note ? { message: note } : {}) });
          }
        } else if (band === 2) {
          serverMessage =
            serverText(
              payload
                .toString('utf8')
                .split(/[\r\n]/)
                .filter(Boolean)
                .pop() ?? '',
            ) || serverMessage;
        } else if (band === 3) {
          throw new StrataError('NetworkLost', `The server reported an error: ${serverText(payload.toString('utf8')).trim()}`);
        }
      }
    }
    fs.closeSync(out);
    closed = true;
    if (!sawEnd && reader.pending > 0)
      throw new StrataError('NetworkLost', `The connection to ${new URL(o.url).host} was lost during the transfer; try again.`);
    checksum.verify(received);
    o.progress({ phase: 'Indexing objects', loaded: 0, bytes: received });
    const tmpIdx = tmpPack.replace(/\.pack$/, '.idx');
    onIndexProgress = (p) => o.progress({ ...p, bytes: received });
    indexer ??= newIndexer();
    const { packSha } = indexer.finish(tmpIdx);
    indexer.close();
    indexer = null;
    // the mark first: a pack from the promisor remote is never, even for a moment, one git would take for damage
    if (o.promisor) fs.writeFileSync(path.join(o.gitdir, 'objects', 'pack', `pack-${packSha}.promisor`), '');
    fs.renameSync(tmpIdx, path.join(o.gitdir, 'objects', 'pack', `pack-${packSha}.idx`));
    fs.renameSync(tmpPack, path.join(o.gitdir, 'objects', 'pack', `pack-${packSha}.pack`));
  } catch (err) {
    if (!closed) fs.closeSync(out);
    indexer?.close();
    fs.rmSync(tmpPack, { force: true });
    fs.rmSync(tmpPack.replace(/\.pack$/, '.idx'), { force: true });
    throw err;
  }
  return { shallow, unshallow };
}

function readShallow(gitdir: string): string[] {
  const file = path.join(gitdir, 'shallow');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * The branch's whole history is here: every commit from the tip down to the shallow boundary (none in a full
 * clone), as git's connectivity check after a fetch finds it. A server that sends less is no clone.
 */
function assertHistoryWhole(store: PackObjectStore, tip: string, shallow: ReadonlySet<string>, what: string): void {
  const seen = new Set<string>([tip]);
  const todo = [tip];
  while (todo.length > 0) {
    const oid = todo.pop()!;
    let data: Uint8Array;
    try {
      const obj = store.readObjectSync(oid);
      if (obj.type !== 'commit') throw new Error(obj.type);
      data = obj.data;
    } catch {
      throw new StrataError(
        'NetworkLost',
        `The pack the server sent lacks commit ${oid.slice(0, 12)} of ${what}'s history: the clone is not whole, so nothing of it was kept. Try again.`,
      );
    }
    if (shallow.has(oid)) continue;
    const end = Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf('\n\n');
    const header = Buffer.from(data.buffer, data.byteOffset, end < 0 ? data.byteLength : end).toString('latin1');
    for (const m of header.matchAll(/^parent ([0-9a-f]{40})$/gm))
      if (!seen.has(m[1]!)) {
        seen.add(m[1]!);
        todo.push(m[1]!);
      }
  }
}

/**
 * The branch, its remote-tracking copy, and the tags whose objects are here (a shallow history lacks some; a full
 * one must have them all), once the branch's history is found whole down to `shallow`.
 */
async function writeRefs(gitdir: string, adv: AdvertisedRefs, branch: string, tip: string, shallow: readonly string[]): Promise<void> {
  const refsToWrite: [string, string][] = [
    [`refs/heads/${branch}`, tip],
    [`refs/remotes/origin/${branch}`, tip],
  ];
  const { PackObjectStore } = await import('../objects/pack/packObjectStore');
  const store = new PackObjectStore(gitdir);
  try {
    if (store.readObjectSync(tip).type !== 'commit') throw new Error('not a commit');
  } catch {
    store.close();
    throw new StrataError(
      'NetworkLost',
      `The pack the server sent lacks the branch's commit (${tip.slice(0, 12)}, refs/heads/${branch}): the clone is not whole, so nothing of it was kept. Try again.`,
    );
  }
  try {
    assertHistoryWhole(store, tip, new Set(shallow), `refs/heads/${branch}`);
  } catch (e) {
    store.close();
    throw e;
  }
  for (const [name, oid] of adv.refs) {
    if (!name.startsWith('refs/tags/')) continue;
    try {
      store.readObjectSync(oid);
      refsToWrite.push([name, oid]);
    } catch {
      if (shallow.length === 0) {
        store.close();
        throw new StrataError(
          'NetworkLost',
          `The pack the server sent lacks the object of tag ${name.slice('refs/tags/'.length)} (${oid.slice(0, 12)}): the clone is not whole, so nothing of it was kept. Try again.`,
        );
      }
      /* the tag's object is outside a shallow history */
    }
  }
  store.close();
  fs.rmSync(path.join(gitdir, 'refs', 'heads', branch), { force: true });
  // "fully-peeled" promises that every annotated tag is followed by what it peels to ("^oid"): without
  // those lines git takes every tag for a lightweight one (git describe: "No annotated tags can describe")
  const lines = refsToWrite
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([n, oid]) => {
      const peeled = adv.peeled.get(n);
      return peeled && peeled !== oid ? `${oid} ${n}\n^${peeled}` : `${oid} ${n}`;
    });
  fs.writeFileSync(path.join(gitdir, 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted \n${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(gitdir, 'refs', 'remotes', 'origin', 'HEAD'), `ref: refs/remotes/origin/${branch}\n`);
}

/** SHA-1 of a pack as it streams in, checked against its last 20 bytes (the pack's own checksum) at the end. */
class PackChecksum {
  private readonly hash = crypto.createHash('sha1');
  private tail = Buffer.alloc(0);

  update(bytes: Buffer): void {
    const all = this.tail.length ? Buffer.concat([this.tail, bytes]) : bytes;
    const cut = Math.max(0, all.length - 20);
    this.hash.update(all.subarray(0, cut));
    this.tail = Buffer.from(all.subarray(cut));
  }

  verify(size: number): void {
    if (size < 32) throw new StrataError('NetworkLost', 'The server sent no pack; try again.');
    if (!this.hash.digest().equals(this.tail))
      throw new StrataError(
        'NetworkLost',
        'The received pack is incomplete or damaged (checksum mismatch); nothing of it was kept, try again.',
      );
  }
}

function writeConfig(gitdir: string, url: string, branch: string | null, bare: boolean): void {
  const b = branch ?? 'master';
  fs.writeFileSync(
    path.join(gitdir, 'config'),
    [
      '[core]',
      '\trepositoryformatversion = 0',
      '\tfilemode = true',
      `\tbare = ${String(bare)}`,
      '\tlogallrefupdates = true',
      '[remote "origin"]',
      `\turl = ${url}`,
      `\tfetch = +refs/heads/${b}:refs/remotes/origin/${b}`,
      `[branch "${b}"]`,
      '\tremote = origin',
      `\tmerge = refs/heads/${b}`,
      '',
    ].join('\n'),
  );
}
