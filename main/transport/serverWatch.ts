import type { Readable } from 'node:stream';
import { StrataError } from '../../shared/errors';

/** How long Strata waits for a git server. Tests shorten them; the defaults suit a slow but live server. */
export interface TransferTimeouts {
  /** Longest silence from the server (no byte at all) before the transfer is given up. Default 60 s. */
  readonly idleMs?: number;
  /**
   * Longest time for the list of refs (from the request to its last byte), and for the server to start
   * sending the pack (from the request to its first byte). Default 5 minutes each.
   */
  readonly totalMs?: number;
  /** Silence after which progress says "waiting for the server" (then every second). Default 3 s. */
  readonly waitingMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<TransferTimeouts> = { idleMs: 60_000, totalMs: 300_000, waitingMs: 3_000 };

const seconds = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`);

/**
 * Watches one request to a server: each wait for it (the answer's headers, the next bytes) fails after
 * `idleMs` of silence or past the deadline, and says "waiting for the server" while it lasts. On a
 * timeout the request is aborted (through `signal`), so its socket is closed. The timers are made once
 * and refreshed per wait (a pack arrives in some 100,000 chunks a GB); time between waits, when Strata
 * itself is busy with what arrived, is not the server's silence.
 */
export class ServerWatch {
  private readonly controller = new AbortController();
  private readonly t: Required<TransferTimeouts>;
  private pending: { reject: (e: Error) => void; started: number; what: string } | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private waitingTimer: NodeJS.Timeout | null = null;
  private notice: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private pastDeadline = false;
  /** The request's signal: aborted on a timeout or when the caller's signal fires. */
  readonly signal: AbortSignal;

  constructor(
    private readonly host: string,
    timeouts: TransferTimeouts | undefined,
    private readonly onWaiting: (message: string) => void,
    outer?: AbortSignal,
  ) {
    this.t = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
    this.deadlineTimer = setTimeout(() => {
      this.pastDeadline = true;
      if (this.pending) this.fail(`${this.host} did not ${this.pending.what} within ${seconds(this.t.totalMs)}`);
    }, this.t.totalMs).unref();
  }

  /** From now on only silence counts (the pack is flowing; its length is the repository's). */
  endDeadline(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  /** `what` completes the sentence "… did not … in time" (e.g. "send its list of refs"). */
  wait<T>(work: Promise<T>, what: string): Promise<T> {
    work.catch(() => undefined); // after a timeout its rejection (the abort) is not news
    return new Promise<T>((resolve, reject) => {
      this.pending = { reject, started: Date.now(), what };
      if (this.pastDeadline && this.deadlineTimer) return this.fail(`${this.host} did not ${what} within ${seconds(this.t.totalMs)}`);
      if (this.idleTimer) this.idleTimer.refresh();
      else this.idleTimer = setTimeout(() => this.onIdle(), this.t.idleMs).unref();
      if (this.waitingTimer) this.waitingTimer.refresh();
      else this.waitingTimer = setTimeout(() => this.onSilence(), this.t.waitingMs).unref();
      work.then(
        (v) => {
          this.settle();
          resolve(v);
        },
        (e: unknown) => {
          this.settle();
          this.dispose();
          reject(e as Error);
        },
      );
    });
  }

  /** The response's bytes, each wait watched. */
  async *body(res: Readable, what: string): AsyncGenerator<Buffer> {
    const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      for (;;) {
        const r = await this.wait(it.next(), what);
        if (r.done) return;
        yield r.value;
      }
    } finally {
      this.dispose();
      res.destroy(); // read to its end, or given up by the reader
    }
  }

  private onIdle(): void {
    if (this.pending) this.fail(`${this.host} sent nothing for ${seconds(this.t.idleMs)} (it did not ${this.pending.what})`);
  }

  private onSilence(): void {
    const p = this.pending;
    if (!p || this.notice) return;
    const say = () => this.onWaiting(`waiting for the server (${Math.round((Date.now() - p.started) / 1000)} s)`);
    say();
    this.notice = setInterval(say, Math.min(1000, this.t.waitingMs)).unref();
  }

  private settle(): void {
    this.pending = null;
    if (this.notice) clearInterval(this.notice);
    this.notice = null;
  }

  private fail(reason: string): void {
    const p = this.pending;
    this.settle();
    this.dispose();
    p?.reject(new StrataError('NetworkLost', `${reason}; the transfer was given up. Try again later.`));
    this.controller.abort();
  }

  /** Done with the request (its body is not read): no timer is left. */
  close(): void {
    this.dispose();
  }

  private dispose(): void {
    for (const t of [this.idleTimer, this.waitingTimer, this.deadlineTimer]) if (t) clearTimeout(t);
    this.idleTimer = this.waitingTimer = this.deadlineTimer = null;
  }
}
