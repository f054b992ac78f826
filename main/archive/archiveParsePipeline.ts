import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ArchiveMessage } from './archiveMessage';
import { indexBatch, type IndexedBatch } from './indexBatch';
import type { ArchiveMessageBytes, MessageLocator, RawArchiveMessage } from './readArchiveMessages';

/** Messages on their way to the parse worker: their bytes end to end, where each ends, and what the index keeps beside. */
export interface RawBatch {
  readonly batch: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  /** 1 where the message's bytes were left in the archive: the worker reads them by locator, from `epochDirs`. */
  readonly inArchive: Uint8Array;
  /** Each epoch's git dir, by the name locators give. */
  readonly epochDirs: Readonly<Record<string, string>>;
  readonly locators: readonly MessageLocator[];
  /** The commit time, -1 for none. */
  readonly times: Float64Array;
  readonly fallbackIds: readonly string[];
}

const BATCH_BYTES = 1 << 20;
const BATCH_MESSAGES = 500;
/**
 * Batches sent and not answered: bounds the memory while the worker is slower than the reader (at most 8 MiB of
 * mail). Real lists come in bursts of large mail (attachments, logs): with 3, the reader stopped at each burst and
 * the worker then ran dry (measured, 8 against 3: linux-bluetooth 12.8 s against 18.8 s, io-uring 3.2 s against
 * 3.6 s, nvdimm 2.4 s against 2.5 s, the generated 100,000 alike).
 */
const IN_FLIGHT = 8;

const NONE: IndexedBatch[] = [];

interface Pending {
  readonly messages: { raw: Buffer | null; locator: MessageLocator; time: number | null; fallbackId: string }[];
  indexed?: IndexedBatch;
}

export interface ParsePipelineOptions {
  /** Parses one message on this thread: for the batches the worker did not answer. */
  readonly parse: (m: ArchiveMessageBytes, fallbackId: string) => Promise<ArchiveMessage>;
  /** Reads a message left in the archive, on this thread (for those same batches). */
  readonly read: (locator: MessageLocator) => Buffer;
  /**
   * Messages are added newest first: each batch is put back in the archive's order before it is parsed, so that
   * its answer is too (the batches themselves come back in the order they were filled).
   */
  readonly reverseBatches?: boolean;
  /** The archive's epochs (name to git dir), where the worker reads messages left in the archive. */
  readonly epochDirs?: Readonly<Record<string, string>>;
}

/**
 * Parses archive messages into index lines and postings on a worker thread while the caller goes on reading
 * the archive: the two halves of indexing run on two cores. Batches come back in the order the messages went
 * in. Where the worker cannot start or fails, `parse` (the caller's own) does the batches it did not answer.
 */
export class ArchiveParsePipeline {
  private readonly worker: Worker | null;
  private current: Pending = { messages: [] };
  private currentBytes = 0;
  private readonly queue: Pending[] = [];
  private sent = 0;
  private failed = false;
  private waiter: (() => void) | null = null;
  /** Some batch was parsed by the worker. */
  usedWorker = false;
  /**
   * How many batches the worker has parsed, counted by the worker itself: its answers only arrive when this
   * thread's event loop turns, which a reading loop does not do while it keeps finding messages.
   */
  private readonly parsed = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly o: ParsePipelineOptions) {
    const file = path.join(__dirname, '..', 'worker', 'archiveParseWorker.js');
    let worker: Worker | null = null;
    try {
      // a young generation of 64 MiB: the parse makes short-lived strings by the million, and at 16 MiB the
      // worker spent a quarter of its time in scavenges (measured: 100,000 messages 5-10% faster, 40 MiB more RSS)
      if (fs.existsSync(file))
        worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 64 }, workerData: { parsed: this.parsed } });
    } catch {
      worker = null;
    }
    this.worker = worker;
    worker?.on('message', (m: { batch: number; indexed?: IndexedBatch; error?: string; closed?: true }) => {
      if (m.closed) {
        this.closed?.();
        return;
      }
      const p = this.queue[m.batch - (this.sent - this.queue.length)];
      if (m.indexed !== undefined && p) p.indexed = m.indexed;
      else this.failed = true;
      this.wake();
    });
    worker?.on('error', () => {
      this.failed = true;
      this.crashed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /**
   * Whether the worker is about to run out of work: then the reader leaves the next messages' bytes in the
   * archive for the worker to read, and the two threads share the reading as well as they can.
   */
  get hungry(): boolean {
    if (!this.worker || this.failed || !this.o.epochDirs) return false;
    return this.sent - Atomics.load(this.parsed, 0) <= 1;
  }

  /**
   * Queues a message; gives the batches now answered, in order: at once where there is nothing to wait for (a
   * promise made for each message of an archive costs more than reading a small one).
   */
  add(m: RawArchiveMessage, fallbackId: string): IndexedBatch[] | Promise<IndexedBatch[]> {
    // kept as it is until its batch is copied out whole (the reader never writes over a message it gave)
    this.current.messages.push({ raw: m.raw, locator: m.locator, time: m.time, fallbackId });
    this.currentBytes += m.raw?.length ?? 4096;
    if (this.current.messages.length >= BATCH_MESSAGES || this.currentBytes >= BATCH_BYTES) this.send();
    return this.answered() ? this.takeAnswered() : NONE;
  }

  private answered(): boolean {
    return this.queue.length >= IN_FLIGHT || (this.queue.length > 0 && this.queue[0]!.indexed !== undefined);
  }

  private async takeAnswered(): Promise<IndexedBatch[]> {
    const out: IndexedBatch[] = [];
    while (this.answered()) out.push(await this.takeFirst());
    return out;
  }

  /** Every batch still queued, in order; the worker is stopped. */
  async finish(): Promise<IndexedBatch[]> {
    this.send();
    const out: IndexedBatch[] = [];
    while (this.queue.length) out.push(await this.takeFirst());
    await this.stop();
    return out;
  }

  private stopped = false;
  private crashed = false;
  private closed: (() => void) | null = null;

  /** Ends the worker (once it has closed the archive files it opened); resolves once its thread is gone. */
  async stop(): Promise<void> {
    if (!this.worker || this.stopped) return;
    this.stopped = true;
    // a batch that failed leaves the worker running, with the archive files it opened: it closes them first
    if (!this.crashed) {
      const closed = new Promise<void>((resolve) => (this.closed = resolve));
      this.worker.postMessage({ close: true });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    await this.worker.terminate();
  }

  private send(): void {
    const p = this.current;
    if (!p.messages.length) return;
    if (this.o.reverseBatches) p.messages.reverse();
    this.current = { messages: [] };
    this.currentBytes = 0;
    this.queue.push(p);
    const batch = this.sent++;
    if (!this.worker || this.failed) return;
    const bytes = new Uint8Array(p.messages.reduce((n, m) => n + (m.raw?.length ?? 0), 0));
    const ends = new Uint32Array(p.messages.length);
    const times = new Float64Array(p.messages.length);
    const inArchive = new Uint8Array(p.messages.length);
    let at = 0;
    p.messages.forEach((m, i) => {
      if (m.raw) bytes.set(m.raw, at);
      else inArchive[i] = 1;
      at += m.raw?.length ?? 0;
      ends[i] = at;
      times[i] = m.time ?? -1;
    });
    const message: RawBatch = {
      batch,
      bytes,
      ends,
      inArchive,
      epochDirs: this.o.epochDirs ?? {},
      times,
      locators: p.messages.map((m) => m.locator),
      fallbackIds: p.messages.map((m) => m.fallbackId),
    };
    this.worker.postMessage(message, [bytes.buffer, ends.buffer, times.buffer]);
  }

  private async takeFirst(): Promise<IndexedBatch> {
    const p = this.queue[0]!;
    while (p.indexed === undefined && this.worker && !this.failed) await new Promise<void>((r) => (this.waiter = r));
    this.queue.shift();
    if (p.indexed !== undefined) {
      this.usedWorker = true;
      return p.indexed;
    }
    const messages: ArchiveMessage[] = [];
    for (const m of p.messages) messages.push(await this.o.parse({ ...m, raw: m.raw ?? this.o.read(m.locator) }, m.fallbackId));
    return indexBatch(messages);
  }
}
