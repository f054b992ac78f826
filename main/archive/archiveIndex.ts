import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';
export type { ArchiveMessage } from './archiveMessage';
import type { ArchiveMessage } from './archiveMessage';
import { indexRawMessage } from './archiveMessage';
import { IndexedMessages } from './indexedMessages';
import type { IndexedBatch } from './indexBatch';
import { memoryMessageSource, type MessageSource } from './messagePostings';
import type { ArchiveLocation } from './locateArchive';
import { ArchiveParsePipeline } from './archiveParsePipeline';
import {
  ArchiveBodyReader,
  ArchiveRewritten,
  readArchiveMessages,
  readsNewestFirst,
  START,
  type AbsentMessage,
  type MessageLocator,
  type ReadPosition,
} from './readArchiveMessages';
import { reverseRecords } from './reverseRecords';

/**
 * 2: offsets.bin and postings.bin beside messages.jsonl; 3: patches attached to a message count as its patch;
 * 4: an update's lines in the order they were parsed (an epoch's newest first), found by offsets.bin alone.
 * An index of an older format is made again, except format 3: its lines in number order are read as format 4
 * reads any, so an upgrade does not index every archive again (an update then marks it 4, which a Strata
 * that knows only 3 makes again).
 */
export const ARCHIVE_INDEX_FORMAT = 4;
const READ_AS_CURRENT = new Set([3, ARCHIVE_INDEX_FORMAT]);

interface IndexState {
  readonly format: number;
  readonly source: string;
  readonly kind: string;
  readonly position: ReadPosition;
  readonly count: number;
  /** Bytes of messages.jsonl that belong to the index: anything after them is a write a kill cut short. */
  readonly bytes: number;
  /** (hash, message number) records of postings.bin that belong to the index. */
  readonly postings: number;
  /** Messages of the archive this copy lacks (a partial clone): each update tries them again. Absent: none. */
  readonly absent?: readonly AbsentMessage[];
}

/** What an update did: messages added, held, and those the archive has whose bytes this copy of it lacks. */
export interface ArchiveUpdate {
  readonly added: number;
  readonly total: number;
  readonly absent: number;
}

/** The id of a message without a Message-ID: where its bytes are, so the same message gets the same id again. */
function fallbackId(locator: MessageLocator, key: string): string {
  return `no-message-id-${'blob' in locator ? locator.blob : locator.offset}@${key}`;
}

/** The first `length` bytes of a file (zeros past its end), in memory of their own (aligned for typed arrays). */
function readHead(file: string, length: number): Buffer {
  const data = Buffer.alloc(length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, data, 0, length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return data;
}

/** The folder of an archive's index: one per source path or URL, under STRATA_HOME/archives. */
export function archiveKey(source: string): string {
  return crypto.createHash('sha1').update(source).digest('hex').slice(0, 16);
}

/**
 * The on-disk index of one archive: `messages.jsonl` (one message a line, appended), `offsets.bin` (where each
 * line starts, a float64 each), `postings.bin` (uint32 pairs: the hash of an id, path, subject or change-id,
 * and the number of the message posted under it) and `state.json` (how far each epoch or the mbox was read,
 * how much of each file is whole), written atomically after what it counts. A fetch reads only the commits
 * after each epoch's recorded tip. Opening the index reads the two binary files, never the messages.
 */
export class ArchiveIndex {
  readonly dir: string;
  private readonly messagesFile: string;
  private readonly offsetsFile: string;
  private readonly postingsFile: string;
  private readonly stateFile: string;

  constructor(
    home: string,
    readonly location: ArchiveLocation,
  ) {
    this.dir = path.join(home, 'archives', archiveKey(location.path));
    this.messagesFile = path.join(this.dir, 'messages.jsonl');
    this.offsetsFile = path.join(this.dir, 'offsets.bin');
    this.postingsFile = path.join(this.dir, 'postings.bin');
    this.stateFile = path.join(this.dir, 'state.json');
  }

  private async readState(): Promise<IndexState | null> {
    const text = await readFileIfExists(this.stateFile);
    if (!text) return null;
    try {
      const state = JSON.parse(text) as IndexState;
      if (!READ_AS_CURRENT.has(state.format) || state.source !== this.location.path) return null;
      const size = (file: string): number => (fs.existsSync(file) ? fs.statSync(file).size : 0);
      const whole =
        size(this.messagesFile) >= state.bytes &&
        size(this.offsetsFile) >= state.count * 8 &&
        size(this.postingsFile) >= state.postings * 8;
      return whole ? state : null;
    } catch {
      return null;
    }
  }

  /**
   * Indexes what the archive gained since the last update (everything, the first time), and the messages an
   * earlier update found missing from this copy where they are there now.
   */
  async update(options: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<ArchiveUpdate> {
    const previous = await this.readState();
    try {
      return await this.append(previous, options);
    } catch (err) {
      if (!(err instanceof ArchiveRewritten)) throw err;
      return this.append(null, options); // the archive was rewritten (purged): index it again from the start
    }
  }

  private async append(
    previous: IndexState | null,
    options: { onProgress?: (p: Progress) => void; signal?: AbortSignal },
  ): Promise<ArchiveUpdate> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const files = [this.messagesFile, this.offsetsFile, this.postingsFile].map((f) => fs.openSync(f, previous ? 'r+' : 'w+'));
    const [fd, offsetsFd, postingsFd] = files as [number, number, number];
    const count0 = previous?.count ?? 0;
    let bytes = previous?.bytes ?? 0;
    let postings = previous?.postings ?? 0;
    let added = 0;
    let written = 0;
    let position: ReadPosition = previous?.position ?? START;
    const absent: AbsentMessage[] = [];
    try {
      fs.ftruncateSync(fd, bytes);
      fs.ftruncateSync(offsetsFd, count0 * 8);
      fs.ftruncateSync(postingsFd, postings * 8);
      const key = archiveKey(this.location.path);
      // an epoch's history is walked from its tip: its messages are parsed newest first, a batch at a time (each
      // batch in archive order). Their lines are written as they come; offsets.bin and postings.bin get them
      // under provisional numbers counted from the newest (each batch's records from its newest message), and
      // are turned round at the end, so that message numbers go oldest first and postings ascend.
      const newestFirst = readsNewestFirst(this.location);
      const write = (b: IndexedBatch): void => {
        const { data } = b;
        const lines = b.lengths.length;
        const offsets = new Float64Array(lines);
        const postingsAt = new Uint32Array(lines); // where each message's postings start in b.postings: its count, then its hashes
        for (let i = 0, start = bytes, at = 0; i < lines; i++) {
          offsets[newestFirst ? lines - 1 - i : i] = start;
          start += b.lengths[i]!;
          postingsAt[i] = at;
          at += b.postings[at]! + 1;
        }
        const pairs = new Uint32Array(b.postings.length * 2);
        let records = 0;
        for (let k = 0; k < lines; k++) {
          const i = newestFirst ? lines - 1 - k : k;
          const n = newestFirst ? written + k : count0 + written + i;
          const at = postingsAt[i]!;
          for (let j = 1; j <= b.postings[at]!; j++) {
            pairs[records * 2] = b.postings[at + j]!;
            pairs[records * 2 + 1] = n;
            records++;
          }
        }
        fs.writeSync(fd, data, 0, data.length, bytes);
        fs.writeSync(offsetsFd, new Uint8Array(offsets.buffer), 0, offsets.byteLength, (count0 + written) * 8);
        fs.writeSync(postingsFd, new Uint8Array(pairs.buffer, 0, records * 8), 0, records * 8, postings * 8);
        bytes += data.length;
        written += lines;
        postings += records;
      };
      const postings0 = postings;
      const bodies = new ArchiveBodyReader(this.location);
      const pipeline = new ArchiveParsePipeline({
        parse: indexRawMessage,
        read: (locator) => bodies.read(locator),
        reverseBatches: newestFirst,
        epochDirs: Object.fromEntries(this.location.epochs.map((e) => [e.name, e.gitdir])),
      });
      try {
        const messages = readArchiveMessages({
          location: this.location,
          position,
          absent: previous?.absent ?? [],
          advanced: (p) => (position = p),
          onAbsent: (a) => absent.push(a),
          newestFirst,
          leaveInArchive: () => pipeline.hungry,
        });
        for await (const chunk of messages) {
          for (const raw of chunk) {
            if (options.signal?.aborted)
              throw new StrataError('Cancelled', 'Indexing the archive was cancelled; what was indexed before is kept.');
            added++;
            const answered = pipeline.add(raw, fallbackId(raw.locator, key));
            const done = Array.isArray(answered) ? answered : await answered;
            if (done.length) {
              done.forEach(write);
              options.onProgress?.({ phase: 'Indexing archive', loaded: added });
            }
          }
        }
        (await pipeline.finish()).forEach(write);
        if (newestFirst) {
          reverseRecords({ fd: offsetsFd, start: count0 * 8, count: written, size: 8 });
          const last = count0 + written - 1;
          const renumber = (words: Uint32Array): void => {
            for (let w = 1; w < words.length; w += 2) words[w] = last - words[w]!;
          };
          reverseRecords({ fd: postingsFd, start: postings0 * 8, count: postings - postings0, size: 8, map: renumber });
        }
      } finally {
        await pipeline.stop();
        bodies.close();
      }
      for (const f of files) fs.fsyncSync(f);
    } finally {
      for (const f of files) fs.closeSync(f);
    }
    const total = (previous?.count ?? 0) + added;
    const state: IndexState = {
      format: ARCHIVE_INDEX_FORMAT,
      source: this.location.path,
      kind: this.location.kind,
      position,
      count: total,
      bytes,
      postings,
      ...(absent.length ? { absent } : {}),
    };
    await writeFileAtomic(this.stateFile, JSON.stringify(state));
    options.onProgress?.({ phase: 'Indexing archive', loaded: added, total: added });
    return { added, total, absent: absent.length };
  }

  /** How far the index reaches (messages, bytes, where each epoch was read to); another value: it changed. */
  async generation(): Promise<string> {
    const state = await this.readState();
    return state ? JSON.stringify([state.count, state.bytes, state.position]) : 'none';
  }

  /** The indexed messages, read one by one as they are asked for (none where nothing is indexed yet). */
  async open(): Promise<MessageSource> {
    const state = await this.readState();
    if (!state || state.count === 0) return memoryMessageSource([]);
    const offsets = readHead(this.offsetsFile, state.count * 8);
    const postings = readHead(this.postingsFile, state.postings * 8);
    return new IndexedMessages(
      this.messagesFile,
      new Float64Array(offsets.buffer, offsets.byteOffset, state.count),
      state.bytes,
      new Uint32Array(postings.buffer, postings.byteOffset, state.postings * 2),
    );
  }

  /** How many messages are indexed. */
  async count(): Promise<number> {
    return (await this.readState())?.count ?? 0;
  }

  /** How many messages of the archive the last update found missing from this copy of it. */
  async absentCount(): Promise<number> {
    return (await this.readState())?.absent?.length ?? 0;
  }

  /** Every indexed message, in archive order; an index that does not parse is empty (and rebuilt by the next update). */
  async load(): Promise<ArchiveMessage[]> {
    const state = await this.readState();
    if (!state || state.bytes === 0) return [];
    try {
      const data = readHead(this.messagesFile, state.bytes);
      const head = readHead(this.offsetsFile, state.count * 8);
      const offsets = new Float64Array(head.buffer, head.byteOffset, state.count);
      const out: ArchiveMessage[] = [];
      for (let n = 0; n < state.count; n++) {
        const start = offsets[n]!;
        const end = data.indexOf(10, start);
        out.push(JSON.parse(data.toString('utf8', start, end < 0 ? data.length : end)) as ArchiveMessage);
      }
      return out;
    } catch {
      await fs.promises.rm(this.stateFile, { force: true });
      return [];
    }
  }
}
