import type { Progress } from '../../shared/model';
import { formatBytes, formatProgress, PhaseClock } from '../../shared/formatProgress';

/** A progress bar on a terminal; one plain line per phase (and every few seconds) otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  /** Takes the bar off its line (output is about to be written above it); the next update draws it again. */
  clear: () => void;
  done: () => void;
} {
  const clock = new PhaseClock(Date.now());
  let lastPhase = '';
  let lastLine = 0;
  const tty = Boolean(stream.isTTY);
  return {
    update(p: Progress) {
      const now = Date.now();
      const line = formatProgress(p, clock.elapsed(p, now));
      if (tty) {
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - line.length - 4));
        const frac = p.total ? Math.min(1, p.loaded / p.total) : 0;
        const bar = p.total ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ` : '';
        stream.write(`\r\x1b[K${bar}${line}`);
      } else if (p.phase !== lastPhase || now - lastLine > 2000) {
        stream.write(`${line}\n`);
        lastLine = now;
      }
      lastPhase = p.phase;
    },
    clear() {
      if (tty) stream.write('\r\x1b[K');
    },
    done() {
      if (tty) stream.write('\r\x1b[K');
    },
  };
}

export { formatBytes };
