import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PathEntryLookup } from './pathEntries';
import type { EntryKey } from '../objects/entryKey';
import { PositionEntries } from '../index/positionEntries';
import { copyId } from '../index/strataCommitIndex';

/**
 * The worker's young generation: V8's default grows to 48 MB on this allocation
 * rate; 12 MB is as fast and holds 40 MB less (measured at a million commits).
 */
const YOUNG_GENERATION_MB = 12;

const FIRST_BATCH = 256;

const FREE = 0;
const WORKER = 1;
const CALLER = 2;

/** A batch as the caller keeps it: its trees went to the worker, and the caller's own commit index has them too. */
interface Batch {
  readonly positions: Int32Array;
  /** Who looks this batch up: shared with the worker, taken with compare-and-swap. */
  readonly claim: Int32Array;
}

/**
 * Looks up a path in commits' root trees on a worker thread while the caller
 * goes on reading commits: the two halves of a first index run on two cores.
 * Once the caller has read every commit it takes batches from the back of the
 * queue while the worker goes on from the front (each batch is claimed with an
 * atomic compare-and-swap), so neither core waits for the other.
 * Anything the worker did not answer (it failed, or is missing) is simply left
 * for the walk to look up itself.
 */
export class EntryPipeline {
  private readonly worker: Worker | null;
  private readonly positions: Int32Array;
  private readonly trees: Buffer;
  /** Batches looked up by the worker and by the caller. */
  readonly taken = { worker: 0, caller: 0 };
  private filled = 0;
  private added = 0;
  /**
   * Commits per batch now: the first batches are small, so the worker starts while the first commits are read
   * (on a small repository the whole of it would otherwise be one batch sent at the end), then double up to batchSize.
   */
  private limit: number;
  /** Batches sent and not yet answered, by number. */
  private readonly pending = new Map<number, Batch>();
  private sent = 0;
  /** The worker's entries by its own ids, in the order it named them. */
  private readonly keys: EntryKey[] = [];
  /** Answers by position (4 bytes a commit; positions not answered stay unknown). */
  private readonly entries = new PositionEntries(0);
  private failed = false;
  private waiter: (() => void) | null = null;

  private readonly batchSize: number;

  constructor(
    gitdir: string,
    private readonly filePath: string,
    o: { batchSize?: number; firstBatch?: number } = {},
  ) {
    const batchSize = (this.batchSize = o.batchSize ?? 2048);
    this.positions = new Int32Array(batchSize);
    this.trees = Buffer.alloc(batchSize * 20);
    this.limit = Math.min(o.firstBatch ?? FIRST_BATCH, batchSize);
    const file = path.join(__dirname, '..', 'worker', 'pathEntryWorker.js');
    let worker: Worker | null = null;
    try {
      if (fs.existsSync(file))
        worker = new Worker(file, {
          workerData: { gitdir, path: filePath },
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        });
    } catch {
      worker = null;
    }
    this.worker = worker;
    worker?.on('message', (m: { batch: number; positions?: Int32Array; ids?: Int32Array; keys?: EntryKey[] } | { error: string }) => {
      if ('error' in m) this.failed = true;
      else {
        this.pending.delete(m.batch);
        if (m.positions && m.ids && m.keys) {
          this.taken.worker++;
          this.keys.push(...m.keys);
          for (let i = 0; i < m.positions.length; i++) this.entries.set(m.positions[i]!, this.keys[m.ids[i]!]!);
        }
      }
      this.wake();
    });
    worker?.on('error', () => {
      this.failed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** A commit's position and root tree (hex, or 20 bytes at `at`), as soon as it is known. */
  add(pos: number, tree: string | Buffer, at = 0): void {
    if (!this.worker || this.failed) return;
    this.added++;
    this.positions[this.filled] = pos;
    if (typeof tree === 'string') this.trees.write(tree, this.filled * 20, 'hex');
    else copyId(tree, at, this.trees, this.filled * 20);
    if (++this.filled === this.limit) {
      this.flush();
      this.limit = Math.min(this.limit * 2, this.batchSize);
    }
  }

  private flush(): void {
    if (this.filled === 0 || !this.worker) return;
    const batch: Batch = { positions: this.positions.slice(0, this.filled), claim: new Int32Array(new SharedArrayBuffer(4)) };
    const trees = new Uint8Array(this.trees.subarray(0, this.filled * 20));
    this.pending.set(this.sent, batch);
    this.worker.postMessage({ batch: this.sent, ...batch, trees }, [trees.buffer]);
    this.sent++;
    this.filled = 0;
  }

  /**
   * Entries by position, for what was answered; the worker is stopped.
   * Meanwhile `lookup` (the caller's own) takes batches the worker has not
   * started, from the last one back, reading each commit's root tree from
   * `treeAt`. Stops early on `signal` (what is answered so far is returned).
   */
  async finish(
    lookup: PathEntryLookup,
    treeAt: (pos: number) => string,
    signal?: AbortSignal,
    onProgress?: (done: number, total: number) => void,
  ): Promise<PositionEntries> {
    this.flush();
    const total = this.added;
    const report = () => onProgress?.(total - [...this.pending.values()].reduce((n, b) => n + b.positions.length, 0), total);
    try {
      for (let b = this.sent - 1; b >= 0 && !this.failed && !signal?.aborted; b--) {
        const batch = this.pending.get(b);
        if (!batch) continue;
        if (Atomics.compareExchange(batch.claim, 0, FREE, CALLER) !== FREE) break; // the worker has it, and every batch before it
        this.taken.caller++;
        for (const pos of batch.positions) this.entries.set(pos, lookup.entryAtSync(treeAt(pos), this.filePath));
        this.pending.delete(b);
        report();
        // the worker's answers are taken in between (it says "skipped" for this one)
        await new Promise<void>((r) => setImmediate(r));
      }
      while (this.worker && !this.failed && !signal?.aborted && this.pending.size > 0) {
        await new Promise<void>((r) => (this.waiter = r));
        report();
      }
    } finally {
      await this.stop();
    }
    return this.entries;
  }

  private stopped = false;

  /** Ends the worker; resolves once its thread (and what it holds open) is gone. */
  async stop(): Promise<void> {
    if (!this.worker || this.stopped) return;
    this.stopped = true;
    this.worker.postMessage({ done: true });
    await this.worker.terminate();
  }
}

/** For the worker: takes a batch unless the caller has. */
export function claimForWorker(claim: Int32Array): boolean {
  return Atomics.compareExchange(claim, 0, FREE, WORKER) === FREE;
}
