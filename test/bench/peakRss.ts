import fs from 'node:fs';

/**
 * This process's peak resident memory in MiB. On Linux from VmHWM: getrusage's
 * maxrss survives fork and exec, so a child started by a large parent would
 * report the parent's peak instead of its own.
 */
export function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}
