import type { Progress } from './model';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** "Receiving objects 45% (450/1000), 1.2 MiB at 300 KiB/s, ETA 12 s" */
export function formatProgress(p: Progress, elapsedSeconds: number): string {
  const parts = [p.phase];
  if (p.total) parts.push(`${Math.floor((100 * p.loaded) / p.total)}% (${p.loaded}/${p.total})`);
  else if (p.loaded) parts.push(String(p.loaded));
  if (p.bytes) {
    const rate = elapsedSeconds > 0 ? p.bytes / elapsedSeconds : 0;
    parts.push(`${formatBytes(p.bytes)}${rate ? ` at ${formatBytes(Math.round(rate))}/s` : ''}`);
  }
  if (p.total && p.loaded > 0 && p.loaded < p.total && elapsedSeconds > 1) {
    const eta = (elapsedSeconds * (p.total - p.loaded)) / p.loaded;
    parts.push(`ETA ${Math.ceil(eta)} s`);
  }
  if (p.message) parts.push(p.message);
  return parts.join(' · ');
}

/**
 * When the phase of a job's progress began: an ETA and a rate are the phase's own. Taken from the whole job, a
 * phase that came after a long one was given an ETA from that one's time (log -L: "2% · ETA 46 s", done in 1 s).
 */
export class PhaseClock {
  private phase: string | null = null;
  private since: number;

  /** `started`: when the job began, the first phase's start (else its first progress seen). */
  constructor(private readonly started?: number) {
    this.since = started ?? 0;
  }

  /** Seconds since `p`'s phase began (a later phase begins at the first progress of it seen). */
  elapsed(p: Progress, now: number): number {
    if (p.phase !== this.phase) {
      this.since = this.phase === null && this.started !== undefined ? this.started : now;
      this.phase = p.phase;
    }
    return (now - this.since) / 1000;
  }
}
