const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date (ISO 8601 with its own offset, as Strata keeps a person's) in one of git's `--date` formats, in that
 * offset: `default` ("Tue Feb 6 12:00:00 2024 +0000", git log's), `iso` (blame's), `short`, `iso-strict`, `rfc`,
 * `raw`, `unix`, `relative` ("3 years, 2 months ago", from `nowSeconds`); each also as `FORMAT-local` (in this
 * machine's time zone, as TZ says; `local` is `default-local`, which names no zone) and `auto:FORMAT` (FORMAT on a
 * terminal, else `default`). Null for a format written here in no way (human, format:…) or a date it cannot read.
 */
export function gitDate(iso: string, format: string, nowSeconds = Math.floor(Date.now() / 1000)): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:Z|([+-])(\d\d):(\d\d))$/.exec(iso);
  if (!m) return null;
  format = resolvedFormat(format);
  const local = format.endsWith('-local');
  if (local) format = format.slice(0, -'-local'.length);
  const [, y, mo, d, h, mi, se, sign, oh, om] = m as unknown as string[];
  const given = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) / 1000 - given * 60;
  // the offset it is written in: its own, or this machine's at that moment
  const offset = local ? -new Date(seconds * 1000).getTimezoneOffset() : given;
  const at = new Date((seconds + offset * 60) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  const hhmm = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  const day = DAYS[at.getUTCDay()]!;
  const month = MONTHS[at.getUTCMonth()]!;
  switch (format) {
    case 'default':
      return `${day} ${month} ${at.getUTCDate()} ${time} ${at.getUTCFullYear()}${local ? '' : ` ${hhmm}`}`;
    case 'iso':
    case 'iso8601':
      return `${date} ${time} ${hhmm}`;
    case 'iso-strict':
    case 'iso8601-strict':
      return `${date}T${time}${hhmm.slice(0, 3)}:${hhmm.slice(3)}`;
    case 'short':
      return date;
    case 'rfc':
    case 'rfc2822':
      return `${day}, ${at.getUTCDate()} ${month} ${at.getUTCFullYear()} ${time} ${hhmm}`;
    case 'raw':
      return `${seconds} ${hhmm}`;
    case 'unix':
      return String(seconds);
    case 'relative':
      return relativeDate(nowSeconds - seconds);
    default:
      return null;
  }
}

/** Whether gitDate writes dates in this format. */
export function isWrittenDateFormat(format: string): boolean {
  return gitDate('2006-10-19T16:00:04-07:00', format) !== null;
}

/**
 * The columns git blame gives a date in a format: that of a sample date (its own choice), shorter dates padded to it;
 * for relative dates, that of the longest it writes ("4 years, 11 months ago").
 */
export function gitDateWidth(format: string): number {
  // by the kind of date alone: a -local one is given the room of its kind (default-local's names no zone, all the same)
  const kind = resolvedFormat(format).replace(/-local$/, '');
  if (kind === 'relative') return '4 years, 11 months ago'.length;
  return (gitDate('2006-10-19T16:00:04-07:00', kind) ?? '').length;
}

/** `auto:FORMAT` as git reads it here (FORMAT on a terminal, else `default`), and `local` as `default-local`. */
function resolvedFormat(format: string): string {
  if (format.startsWith('auto:')) format = process.stdout.isTTY ? format.slice(5) : 'default';
  return format === 'local' ? 'default-local' : format;
}

/** How long ago, in the steps git's relative dates take (seconds, minutes, hours, days, weeks, months, years). */
function relativeDate(seconds: number): string {
  if (seconds < 0) return 'in the future';
  const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (seconds < 90) return ago(seconds, 'second');
  const minutes = Math.floor((seconds + 30) / 60);
  if (minutes < 90) return ago(minutes, 'minute');
  const hours = Math.floor((minutes + 30) / 60);
  if (hours < 36) return ago(hours, 'hour');
  const days = Math.floor((hours + 12) / 24);
  if (days < 14) return ago(days, 'day');
  if (days < 70) return ago(Math.floor((days + 3) / 7), 'week');
  if (days < 365) return ago(Math.floor((days + 15) / 30), 'month');
  if (days < 1825) {
    const totalMonths = Math.floor((days * 24 + 365) / 730);
    const years = Math.floor(totalMonths / 12);
    const months = totalMonths % 12;
    return months ? `${years} year${years === 1 ? '' : 's'}, ${ago(months, 'month')}` : ago(years, 'year');
  }
  return ago(Math.floor((days + 183) / 365), 'year');
}
