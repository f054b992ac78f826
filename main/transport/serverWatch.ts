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
 * timeout the request is aborted (through `signal`), so its socket is closed.
 */
export class ServerWatch {
  private readonly controller = new AbortController();
  private readonly t: Required<TransferTimeouts>;
  private deadline: number | null;
  /** The request's signal: aborted on a timeout or when the caller's signal fires. */
  readonly signal: AbortSignal;

  constructor(
    private readonly host: string,
    timeouts: TransferTimeouts | undefined,
    private readonly onWaiting: (message: string) => void,
    outer?: AbortSignal,
  ) {
    this.t = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.deadline = Date.now() + this.t.totalMs;
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
  }

  /** From now on only silence counts (the pack is flowing; its length is the repository's). */
  endDeadline(): void {
    this.deadline = null;
  }

  /** `what` completes the sentence "… did not … in time" (e.g. "send its list of refs"). */
  async wait<T>(work: Promise<T>, what: string): Promise<T> {
    work.catch(() => undefined); // after a timeout its rejection (the abort) is not news
    const started = Date.now();
    const timers: NodeJS.Timeout[] = [];
    try {
      return await new Promise<T>((resolve, reject) => {
        const fail = (message: string) => {
          reject(new StrataError('NetworkLost', message));
          this.controller.abort();
        };
        timers.push(
          setTimeout(
            () =>
              fail(
                `${this.host} sent nothing for ${seconds(this.t.idleMs)} (it did not ${what}); the transfer was given up. Try again later.`,
              ),
            this.t.idleMs,
          ),
        );
        if (this.deadline !== null) {
          const total = this.t.totalMs;
          timers.push(
            setTimeout(
              () => fail(`${this.host} did not ${what} within ${seconds(total)}; the transfer was given up. Try again later.`),
              Math.max(0, this.deadline - started),
            ),
          );
        }
        timers.push(
          setTimeout(() => {
            const say = () => this.onWaiting(`waiting for the server (${Math.round((Date.now() - started) / 1000)} s)`);
            say();
            timers.push(setInterval(say, Math.min(1000, this.t.waitingMs)));
          }, this.t.waitingMs),
        );
        work.then(resolve, reject);
      });
    } finally {
      for (const t of timers) clearTimeout(t);
    }
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
      res.destroy(); // read to its end, or given up by the reader
    }
  }
}
