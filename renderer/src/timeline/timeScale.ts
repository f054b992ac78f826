/** Time ↔ pixels for the timeline axis, and the month ticks that fit. */
export interface Domain {
  readonly start: number;
  readonly end: number;
}

export function xOf(t: number, d: Domain, width: number): number {
  return ((t - d.start) / Math.max(1, d.end - d.start)) * width;
}

export function tOf(x: number, d: Domain, width: number): number {
  return d.start + (x / Math.max(1, width)) * (d.end - d.start);
}

export function zoomDomain(d: Domain, at: number, factor: number, limits: Domain): Domain {
  const span = Math.min(limits.end - limits.start, Math.max(86400_000 * 7, (d.end - d.start) * factor));
  let start = at - (at - d.start) * (span / (d.end - d.start));
  start = Math.max(limits.start, Math.min(start, limits.end - span));
  return { start, end: start + span };
}

export function panDomain(d: Domain, deltaMs: number, limits: Domain): Domain {
  const span = d.end - d.start;
  const start = Math.max(limits.start, Math.min(d.start + deltaMs, limits.end - span));
  return { start, end: start + span };
}

export interface Tick {
  readonly t: number;
  readonly label: string;
  readonly major: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function monthTicks(d: Domain, width: number): Tick[] {
  const months = (d.end - d.start) / (30.44 * 86400_000);
  const every = [1, 2, 3, 6, 12, 24].find((n) => (months / n) * 60 < width) ?? 48;
  const ticks: Tick[] = [];
  const first = new Date(d.start);
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth();
  for (let i = 0; i < 2000; i++) {
    const t = Date.UTC(y, m, 1);
    if (t > d.end) break;
    if (t >= d.start && (y * 12 + m) % every === 0)
      ticks.push({ t, label: m === 0 ? String(y) : every < 12 ? MONTHS[m]! : '', major: m === 0 });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return ticks;
}
