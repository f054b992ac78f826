import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntryKey } from './pathEntries';

const BATCH = 4096;

/**
 * Looks up a path in commits' root trees on a worker thread while the caller
 * goes on reading commits: the two halves of a first index run on two cores.
 * Anything the worker did not answer (it failed, or is missing) is simply left
 * for the walk to look up itself.
 */
export class EntryPipeline {
  private readonly worker: Worker | null;
  private positions = new Int32Array(BATCH);
  private trees = Buffer.alloc(BATCH * 20);
  private filled = 0;
  private sent = 0;
  private answered = 0;
  private readonly keys: EntryKey[] = [];
  private readonly entries: (EntryKey | undefined)[] = [];
  private failed = false;
  private waiter: (() => void) | null = null;

  constructor(gitdir: string, filePath: string) {
    const file = path.join(__dirname, '..', 'worker', 'pathEntryWorker.js');
    let worker: Worker | null = null;
    try {
      if (fs.existsSync(file)) worker = new Worker(file, { workerData: { gitdir, path: filePath } });
    } catch {
      worker = null;
    }
    this.worker = worker;
    worker?.on('message', (m: { positions: Int32Array; ids: Int32Array; keys: EntryKey[] } | { error: string }) => {
      if ('error' in m) this.failed = true;
      else {
        this.keys.push(...m.keys);
        for (let i = 0; i < m.positions.length; i++) this.entries[m.positions[i]!] = this.keys[m.ids[i]!];
      }
      this.answered++;
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

  /** A commit's position and root tree (hex), as soon as it is known. */
  add(pos: number, tree: string): void {
    if (!this.worker || this.failed) return;
    this.positions[this.filled] = pos;
    this.trees.write(tree, this.filled * 20, 'hex');
    if (++this.filled === BATCH) this.flush();
  }

  private flush(): void {
    if (this.filled === 0 || !this.worker) return;
    const positions = this.positions.slice(0, this.filled);
    const trees = Buffer.from(this.trees.subarray(0, this.filled * 20));
    this.worker.postMessage({ positions, trees }, [positions.buffer]);
    this.sent++;
    this.filled = 0;
  }

  /** Entries by position, for what the worker answered; the worker is stopped. */
  async finish(): Promise<(EntryKey | undefined)[]> {
    this.flush();
    while (this.worker && !this.failed && this.answered < this.sent) await new Promise<void>((r) => (this.waiter = r));
    this.stop();
    return this.entries;
  }

  stop(): void {
    if (!this.worker) return;
    this.worker.postMessage({ done: true });
    void this.worker.terminate();
  }
}
