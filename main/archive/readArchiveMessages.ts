import fs from 'node:fs';
import { isObjectMissing, StrataError } from '../../shared/errors';
import { PackObjectStore } from '../objects/pack/packObjectStore';
import { RefStore } from '../objects/refStore';
import { parseCommitLinks } from '../objects/parseCommit';
import { findTreeEntry } from '../objects/parseTree';
import { diffTrees } from '../history/diffTrees';
import type { ArchiveEpoch, ArchiveLocation } from './locateArchive';

/** Where a message's bytes are: a blob of an epoch, or a byte range of an mbox file. */
export type MessageLocator = { readonly epoch: string; readonly blob: string } | { readonly offset: number; readonly length: number };

export interface RawArchiveMessage {
  /**
   * Bytes of the message's own (never reused by the reader): a caller may keep them without copying. Null: left
   * in the archive (`leaveInArchive`), known to be there, read by its locator by whoever parses it.
   */
  readonly raw: Buffer | null;
  readonly locator: MessageLocator;
  /** The commit's time (public-inbox writes the Date header there): the fallback for a Date that does not parse. */
  readonly time: number | null;
}

/** A message with its bytes. */
export type ArchiveMessageBytes = RawArchiveMessage & { readonly raw: Buffer };

/** How far an archive has been read: the tip commit of each epoch, the bytes of an mbox. */
export interface ReadPosition {
  readonly epochs: Readonly<Record<string, string>>;
  readonly mboxBytes: number;
}

export const START: ReadPosition = { epochs: {}, mboxBytes: 0 };

/** Messages a chunk of readArchiveMessages holds at most (an mbox gives those of each 4 MiB it reads). */
const CHUNK = 64;

/** The position moved since a read began: a history rewritten under the index (a purge), an mbox rewritten. */
export class ArchiveRewritten extends Error {}

/** An epoch's first-parent chain from its tip back to (not including) the commit read last time; oldest first. */
function newCommits(store: PackObjectStore, tip: string, known: string | undefined): { tree: string; time: number }[] {
  const chain: { tree: string; time: number }[] = [];
  let oid: string | undefined = tip;
  while (oid && oid !== known) {
    const links = parseCommitLinks(store.readObjectSync(oid).data);
    chain.push({ tree: links.tree, time: links.commitTime });
    oid = links.parents[0];
  }
  if (known && oid !== known) throw new ArchiveRewritten(`the history of an epoch no longer contains ${known}`);
  return chain.reverse();
}

async function tipOf(store: PackObjectStore): Promise<string | null> {
  const refs = new RefStore(store.gitdir);
  // HEAD may name another default branch, or nothing in an empty epoch
  for (const ref of ['HEAD', 'refs/heads/master', 'refs/heads/main']) {
    const oid = refs.readRef(ref);
    if (oid) return oid;
  }
  return null;
}

/** Whether a lone git dir is a v2 epoch (blob `m` at the top of its trees) or a v1 inbox (a file per message). */
export async function kindOfGitdir(gitdir: string): Promise<'epoch' | 'v1'> {
  const store = new PackObjectStore(gitdir, 1 << 20);
  try {
    const tip = await tipOf(store);
    if (!tip) return 'epoch';
    const tree = store.readObjectSync(parseCommitLinks(store.readObjectSync(tip).data).tree).data;
    return findTreeEntry(tree, 'm') || findTreeEntry(tree, 'd') ? 'epoch' : 'v1';
  } finally {
    store.close();
  }
}

/** A view, not a copy: an object read is never written over afterwards, so the caller may keep it. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A message the archive has but this copy of it lacks the bytes of: the object that was missing (the commit's
 * tree, or the message blob) is kept so that a later read tries again, once a fetch has brought it.
 */
export interface AbsentMessage {
  readonly epoch: string;
  readonly object: string;
  readonly holds: 'tree' | 'blob';
  /** The commit's time. */
  readonly time: number;
}

/**
 * An object's bytes, or null where this copy lacks it (a partial clone leaves blobs, or trees, out). With `scratch`
 * (see PackObjectStore.readObjectSync), they may be in it, good until its next use.
 */
function bytesIfPresent(store: PackObjectStore, oid: string, scratch?: Uint8Array): Buffer | null {
  try {
    return asBuffer(store.readObjectSync(oid, scratch).data);
  } catch (err) {
    if (isObjectMissing(err)) return null;
    throw err;
  }
}

/**
 * The message an epoch commit's tree holds in `m`; null for a removal (`d`); an AbsentMessage where an object is
 * missing. `leave`: the blob is only looked for, not read (its `raw` is null).
 */
function messageOfTree(
  store: PackObjectStore,
  epoch: string,
  tree: string,
  time: number,
  leave = false,
  scratch?: Uint8Array,
): RawArchiveMessage | AbsentMessage | null {
  const treeData = bytesIfPresent(store, tree, scratch);
  if (!treeData) return { epoch, object: tree, holds: 'tree', time };
  // a commit holds one message in `m`; one with `d` instead records a removal (purge, spam): nothing to add
  const m = findTreeEntry(treeData, 'm');
  if (!m) return null;
  if (leave && store.hasObject(m.oid)) return { raw: null, locator: { epoch, blob: m.oid }, time };
  const raw = bytesIfPresent(store, m.oid);
  if (!raw) return { epoch, object: m.oid, holds: 'blob', time };
  return { raw, locator: { epoch, blob: m.oid }, time };
}

/** A message an earlier read found missing, read again: this copy may have it now. */
function readAgain(store: PackObjectStore, a: AbsentMessage): RawArchiveMessage | AbsentMessage | null {
  if (a.holds === 'tree') return messageOfTree(store, a.epoch, a.object, a.time);
  const raw = bytesIfPresent(store, a.object);
  return raw ? { raw, locator: { epoch: a.epoch, blob: a.object }, time: a.time } : a;
}

function isAbsent(m: RawArchiveMessage | AbsentMessage): m is AbsentMessage {
  return 'holds' in m;
}

/** What one epoch is read with: where it was read to, and what was missing there before. */
interface EpochRead {
  readonly kind: 'epoch' | 'v1';
  readonly newestFirst: boolean;
  readonly leave: () => boolean;
  readonly known: string | undefined;
  readonly absent: readonly AbsentMessage[];
  readonly moved: (tip: string) => void;
  readonly onAbsent: (a: AbsentMessage) => void;
}

/**
 * The messages an epoch gained since `known` (its tip last time), oldest first, read with Strata's pack reader;
 * first those an earlier read found missing and this copy now has.
 */
async function* epochMessages(epoch: ArchiveEpoch, o: EpochRead): AsyncGenerator<RawArchiveMessage[]> {
  // half of it keeps delta bases: a repacked list deltas each message against one of similar size, anywhere in
  // its history, and with 4 MiB of bases the chains of large mail were applied again and again (linux-bluetooth,
  // 955 MB of mail: 12.3 s against 9.2 s with 32 MiB; no change on lists of small mail)
  const store = new PackObjectStore(epoch.gitdir, 64 << 20);
  const found = (m: RawArchiveMessage | AbsentMessage | null): m is RawArchiveMessage => {
    if (m && isAbsent(m)) o.onAbsent(m);
    return m !== null && !isAbsent(m);
  };
  try {
    if (o.newestFirst) {
      yield* epochNewestFirst(store, epoch.name, o, found);
      return;
    }
    const again = o.absent.map((a) => readAgain(store, a)).filter(found);
    if (again.length) yield again;
    const tip = await tipOf(store);
    if (!tip || tip === o.known) return;
    const chain = newCommits(store, tip, o.known);
    let previousTree: string | null = null;
    if (o.kind === 'v1' && o.known) previousTree = parseCommitLinks(store.readObjectSync(o.known).data).tree;
    let chunk: RawArchiveMessage[] = [];
    for (const commit of chain) {
      if (o.kind === 'epoch') {
        const m = messageOfTree(store, epoch.name, commit.tree, commit.time);
        if (found(m)) chunk.push(m);
        if (chunk.length >= CHUNK) {
          yield chunk;
          chunk = [];
        }
      } else {
        for (const change of await diffTrees(store, previousTree, commit.tree)) {
          if (change.after && change.status === 'A') {
            const raw = bytesIfPresent(store, change.after);
            const m = raw
              ? { raw: Buffer.from(raw), locator: { epoch: epoch.name, blob: change.after }, time: commit.time }
              : { epoch: epoch.name, object: change.after, holds: 'blob' as const, time: commit.time };
            if (found(m)) yield [m];
          }
        }
        previousTree = commit.tree;
      }
    }
    if (chunk.length) yield chunk;
    o.moved(tip);
  } finally {
    store.close();
  }
}

/**
 * An epoch's new messages from its tip back, each as soon as its commit is read (the walk and the parsing overlap,
 * and no list of the whole history is held); then those an earlier read found missing: the reverse of the order
 * epochMessages gives.
 */
async function* epochNewestFirst(
  store: PackObjectStore,
  epoch: string,
  o: EpochRead,
  found: (m: RawArchiveMessage | AbsentMessage | null) => m is RawArchiveMessage,
): AsyncGenerator<RawArchiveMessage[]> {
  const tip = await tipOf(store);
  if (tip && tip !== o.known) {
    // each commit and tree is read into this and done with before the next is read
    const scratch = new Uint8Array(64 << 10);
    let oid: string | undefined = tip;
    let chunk: RawArchiveMessage[] = [];
    while (oid && oid !== o.known) {
      const links = parseCommitLinks(store.readObjectSync(oid, scratch).data);
      const m = messageOfTree(store, epoch, links.tree, links.commitTime, o.leave(), scratch);
      if (found(m)) chunk.push(m);
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = [];
      }
      oid = links.parents[0];
    }
    if (o.known && oid !== o.known) throw new ArchiveRewritten(`the history of an epoch no longer contains ${o.known}`);
    if (chunk.length) yield chunk;
    o.moved(tip);
  }
  const again = [...o.absent]
    .reverse()
    .map((a) => readAgain(store, a))
    .filter(found);
  if (again.length) yield again;
}

/** mboxrd and mboxo quote body lines starting with "From " as ">From "; one ">" comes off. */
export function unescapeMboxMessage(segment: Buffer): Buffer {
  let start = 0;
  if (segment.subarray(0, 5).toString('latin1') === 'From ') {
    const nl = segment.indexOf(10);
    start = nl < 0 ? segment.length : nl + 1;
  }
  const text = segment.subarray(start);
  if (text.indexOf('\n>From ') < 0 && !/^>+From /.test(text.subarray(0, 8).toString('latin1'))) return text;
  return Buffer.from(text.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}

const MBOX_CHUNK = 4 << 20;

/** Messages of an mbox file from a byte offset: each starts at a "From " line at the start of the file or after a newline. */
async function* mboxMessages(file: string, from: number, moved: (bytes: number) => void): AsyncGenerator<RawArchiveMessage[]> {
  const size = fs.statSync(file).size;
  if (size < from) throw new ArchiveRewritten(`${file} is shorter than when it was indexed`);
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    if (from === 0 && size > 0 && head.toString('latin1') !== 'From ') {
      // one message saved as a file (.eml), not an mbox
      const raw = Buffer.alloc(size);
      fs.readSync(fd, raw, 0, size, 0);
      yield [{ raw, locator: { offset: 0, length: size }, time: null }];
      moved(size);
      return;
    }
    let carry = Buffer.alloc(0);
    let carryAt = from;
    let pos = from;
    const marker = Buffer.from('\nFrom ');
    while (pos < size) {
      const chunk = Buffer.alloc(Math.min(MBOX_CHUNK, size - pos));
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      pos += n;
      let buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      const messages: RawArchiveMessage[] = [];
      for (;;) {
        const at = buf.indexOf(marker, start + 1);
        if (at < 0) break;
        const segment = buf.subarray(start, at + 1);
        messages.push({ raw: unescapeMboxMessage(segment), locator: { offset: carryAt + start, length: segment.length }, time: null });
        start = at + 1;
      }
      if (messages.length) yield messages;
      carryAt += start;
      carry = Buffer.from(buf.subarray(start));
      buf = carry;
    }
    if (carry.length && carry.toString('latin1', 0, 5) === 'From ') {
      yield [{ raw: unescapeMboxMessage(carry), locator: { offset: carryAt, length: carry.length }, time: null }];
    }
    moved(size);
  } finally {
    fs.closeSync(fd);
  }
}

/** What readArchiveMessages reads from, and what it tells as it goes. */
export interface ArchiveRead {
  readonly location: ArchiveLocation;
  /** How far the archive was read before (START: never). */
  readonly position: ReadPosition;
  /** Messages an earlier read found missing from this copy: tried again first. */
  readonly absent?: readonly AbsentMessage[];
  /** Gets the new position once every message is read. */
  readonly advanced: (p: ReadPosition) => void;
  /** Told of each message whose tree or blob this copy lacks (it is not read; the index keeps it to try again). */
  readonly onAbsent?: (a: AbsentMessage) => void;
  /** Every message in the reverse order (where `readsNewestFirst`): the newest of the last epoch first. */
  readonly newestFirst?: boolean;
  /**
   * Asked before each message of a newest-first read: true leaves its bytes in the archive (`raw` null), for a
   * parser on another thread to read, when that one has time to spare and this one has none.
   */
  readonly leaveInArchive?: () => boolean;
}

/**
 * Whether the archive can be read newest first: a public-inbox v2 inbox or epoch, whose history is walked from
 * its tip. (A v1 inbox is read as tree diffs from the last commit read, an mbox from its last byte read.)
 */
export function readsNewestFirst(location: ArchiveLocation): boolean {
  return location.kind === 'v2' || location.kind === 'epoch';
}

/**
 * Every message the archive gained since `position`, oldest first (after those found again of `absent`); with
 * `newestFirst`, where the archive `readsNewestFirst`, the same messages in the reverse order. They come in
 * chunks read at one go: a step of an async generator costs more than reading a small message.
 */
export async function* readArchiveMessages(o: ArchiveRead): AsyncGenerator<RawArchiveMessage[]> {
  const { location, position } = o;
  const newestFirst = (o.newestFirst ?? false) && readsNewestFirst(location);
  if (location.kind === 'mbox') {
    let bytes = position.mboxBytes;
    yield* mboxMessages(location.path, position.mboxBytes, (b) => (bytes = b));
    o.advanced({ epochs: {}, mboxBytes: bytes });
    return;
  }
  const epochs: Record<string, string> = { ...position.epochs };
  for (const epoch of newestFirst ? [...location.epochs].reverse() : location.epochs) {
    yield* epochMessages(epoch, {
      kind: location.kind === 'v1' ? 'v1' : 'epoch',
      newestFirst,
      leave: o.leaveInArchive ?? (() => false),
      known: position.epochs[epoch.name],
      absent: (o.absent ?? []).filter((a) => a.epoch === epoch.name),
      moved: (tip) => (epochs[epoch.name] = tip),
      onAbsent: o.onAbsent ?? (() => {}),
    });
  }
  o.advanced({ epochs, mboxBytes: 0 });
}

/** Reads message bytes again by locator (bodies are read on demand, never stored twice). */
export class ArchiveBodyReader {
  private readonly stores = new Map<string, PackObjectStore>();
  constructor(private readonly location: ArchiveLocation) {}

  read(locator: MessageLocator): Buffer {
    if ('offset' in locator) {
      const fd = fs.openSync(this.location.path, 'r');
      try {
        const segment = Buffer.alloc(locator.length);
        fs.readSync(fd, segment, 0, locator.length, locator.offset);
        return unescapeMboxMessage(segment);
      } finally {
        fs.closeSync(fd);
      }
    }
    const epoch = this.location.epochs.find((e) => e.name === locator.epoch);
    if (!epoch)
      throw new StrataError('ObjectMissing', `${this.location.path} has no epoch ${locator.epoch} any more: fetch the archive again.`);
    let store = this.stores.get(epoch.name);
    if (!store) {
      store = new PackObjectStore(epoch.gitdir, 4 << 20);
      this.stores.set(epoch.name, store);
    }
    return Buffer.from(store.readObjectSync(locator.blob).data);
  }

  close(): void {
    for (const s of this.stores.values()) s.close();
    this.stores.clear();
  }
}
