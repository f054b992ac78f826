import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { readFileIfExists, writeFileAtomic } from '../index/atomicWrite';
import { decodeMailBody } from './decodeMailBody';
import type { ArchiveLocation } from './locateArchive';
import { extractBodyFacts, type GivenTag, type IndexedPatchFile } from './messageFacts';
import { parseMailHeaders } from './parseMailHeaders';
import { ArchiveParsePipeline } from './archiveParsePipeline';
import {
  ArchiveRewritten,
  readArchiveMessages,
  START,
  type MessageLocator,
  type RawArchiveMessage,
  type ReadPosition,
} from './readArchiveMessages';

/** One message as the archive index keeps it: headers, patch facts and tags; the body stays in the archive. */
export interface ArchiveMessage {
  /** Every Message-ID the message carries, without angle brackets; the first is its own. */
  readonly ids: readonly string[];
  /** References then In-Reply-To, deduplicated: the last one is the parent. */
  readonly refs: readonly string[];
  readonly subject: string;
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch (Date header; the archive's commit time where that does not parse). */
  readonly date: number;
  readonly loc: MessageLocator;
  readonly files?: readonly IndexedPatchFile[];
  readonly tags?: readonly GivenTag[];
  readonly changeId?: string;
  /** The text was taken from an HTML part (there was no plain text). */
  readonly html?: boolean;
}

export const ARCHIVE_INDEX_FORMAT = 1;

interface IndexState {
  readonly format: number;
  readonly source: string;
  readonly kind: string;
  readonly position: ReadPosition;
  readonly count: number;
  /** Bytes of messages.jsonl that belong to the index: anything after them is a write a kill cut short. */
  readonly bytes: number;
}

/** Reads one raw message into what the index keeps; never throws for a malformed message. */
export async function indexRawMessage(message: RawArchiveMessage, fallbackId: string): Promise<ArchiveMessage> {
  const headers = parseMailHeaders(message.raw);
  const body = await decodeMailBody(message.raw, headers);
  const facts = extractBodyFacts(body.text, { name: headers.fromName, email: headers.fromEmail });
  return {
    ids: headers.messageIds.length ? headers.messageIds : [fallbackId],
    refs: headers.references,
    subject: headers.subject,
    name: headers.fromName,
    email: headers.fromEmail,
    date: headers.date ?? message.time ?? 0,
    loc: message.locator,
    ...(facts.files.length ? { files: facts.files } : {}),
    ...(facts.tags.length ? { tags: facts.tags } : {}),
    ...(facts.changeId ? { changeId: facts.changeId } : {}),
    ...(body.html ? { html: true } : {}),
  };
}

/** The folder of an archive's index: one per source path or URL, under STRATA_HOME/archives. */
export function archiveKey(source: string): string {
  return crypto.createHash('sha1').update(source).digest('hex').slice(0, 16);
}

/**
 * The on-disk index of one archive: `messages.jsonl` (one message a line, appended) and `state.json`
 * (how far each epoch or the mbox was read, how many bytes of messages.jsonl are whole), written
 * atomically after the lines it counts. A fetch reads only the commits after each epoch's recorded tip.
 */
export class ArchiveIndex {
  readonly dir: string;
  private readonly messagesFile: string;
  private readonly stateFile: string;

  constructor(
    home: string,
    readonly location: ArchiveLocation,
  ) {
    this.dir = path.join(home, 'archives', archiveKey(location.path));
    this.messagesFile = path.join(this.dir, 'messages.jsonl');
    this.stateFile = path.join(this.dir, 'state.json');
  }

  private async readState(): Promise<IndexState | null> {
    const text = await readFileIfExists(this.stateFile);
    if (!text) return null;
    try {
      const state = JSON.parse(text) as IndexState;
      if (state.format !== ARCHIVE_INDEX_FORMAT || state.source !== this.location.path) return null;
      const size = fs.existsSync(this.messagesFile) ? fs.statSync(this.messagesFile).size : 0;
      return size >= state.bytes ? state : null;
    } catch {
      return null;
    }
  }

  /** Indexes what the archive gained since the last update (everything, the first time); returns how many messages were added. */
  async update(options: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<{ added: number; total: number }> {
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
  ): Promise<{ added: number; total: number }> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const startBytes = previous?.bytes ?? 0;
    const fd = fs.openSync(this.messagesFile, previous ? 'r+' : 'w');
    let bytes = startBytes;
    let added = 0;
    let position: ReadPosition = previous?.position ?? START;
    try {
      fs.ftruncateSync(fd, startBytes);
      let batch: string[] = [];
      const flush = (): void => {
        if (!batch.length) return;
        const data = Buffer.from(batch.join(''), 'utf8');
        fs.writeSync(fd, data, 0, data.length, bytes);
        bytes += data.length;
        batch = [];
      };
      const count0 = previous?.count ?? 0;
      const key = archiveKey(this.location.path);
      const pipeline = new ArchiveParsePipeline(async (raw, id) => `${JSON.stringify(await indexRawMessage(raw, id))}\n`);
      try {
        for await (const raw of readArchiveMessages(this.location, position, (p) => (position = p))) {
          if (options.signal?.aborted)
            throw new StrataError('Cancelled', 'Indexing the archive was cancelled; what was indexed before is kept.');
          const id = `no-message-id-${count0 + added}@${key}`;
          added++;
          const done = await pipeline.add(raw, id);
          if (done.length) {
            batch.push(...done);
            flush();
            options.onProgress?.({ phase: 'Indexing archive', loaded: added });
          }
        }
        batch.push(...(await pipeline.finish()));
      } finally {
        pipeline.stop();
      }
      flush();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const total = (previous?.count ?? 0) + added;
    const state: IndexState = {
      format: ARCHIVE_INDEX_FORMAT,
      source: this.location.path,
      kind: this.location.kind,
      position,
      count: total,
      bytes,
    };
    await writeFileAtomic(this.stateFile, JSON.stringify(state));
    options.onProgress?.({ phase: 'Indexing archive', loaded: added, total: added });
    return { added, total };
  }

  /** How far the index reaches (messages, bytes, where each epoch was read to); another value: it changed. */
  async generation(): Promise<string> {
    const state = await this.readState();
    return state ? JSON.stringify([state.count, state.bytes, state.position]) : 'none';
  }

  /** Every indexed message, in archive order; an index that does not parse is empty (and rebuilt by the next update). */
  async load(): Promise<ArchiveMessage[]> {
    const state = await this.readState();
    if (!state || state.bytes === 0) return [];
    const fd = fs.openSync(this.messagesFile, 'r');
    try {
      const data = Buffer.alloc(state.bytes);
      fs.readSync(fd, data, 0, state.bytes, 0);
      const out: ArchiveMessage[] = [];
      let start = 0;
      while (start < data.length) {
        const nl = data.indexOf(10, start);
        const end = nl < 0 ? data.length : nl;
        out.push(JSON.parse(data.toString('utf8', start, end)) as ArchiveMessage);
        start = end + 1;
      }
      return out;
    } catch {
      await fs.promises.rm(this.stateFile, { force: true });
      return [];
    } finally {
      fs.closeSync(fd);
    }
  }
}
