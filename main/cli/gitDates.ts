const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date (ISO 8601 with its own offset, as Strata keeps a person's) in one of git's `--date` formats, in that
 * offset: `default` ("Tue Feb 6 12:00:00 2024 +0000", git log's), `iso` (blame's), `short`, `iso-strict`, `rfc`,
 * `raw`, `unix`, `relative` ("3 years, 2 months ago", from `nowSeconds`). Null for a format written here in no way
 * (human, local, format:…) or a date it cannot read.
 */
export function gitDate(iso: string, format: string, nowSeconds = Math.floor(Date.now() / 1000)): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)(?:Z|([+-]\d\d):(\d\d))$/.exec(iso);
  if (!m) return null;
  const [, y, mo, d, time, oh, om] = m as unknown as [string, string, string, string, string, string?, string?];
  const zone = oh ? `${oh}${om}` : '+0000';
  const day = DAYS[new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay()]!;
  const month = MONTHS[Number(mo) - 1]!;
  switch (format) {
    case 'default':
      return `${day} ${month} ${Number(d)} ${time} ${y} ${zone}`;
    case 'iso':
    case 'iso8601':
      return `${y}-${mo}-${d} ${time} ${zone}`;
    case 'iso-strict':
    case 'iso8601-strict':
      return `${y}-${mo}-${d}T${time}${oh ? `${oh}:${om}` : '+00:00'}`;
    case 'short':
      return `${y}-${mo}-${d}`;
    case 'rfc':
    case 'rfc2822':
      return `${day}, ${Number(d)} ${month} ${y} ${time} ${zone}`;
    case 'raw':
      return `${Date.parse(iso) / 1000} ${zone}`;
    case 'unix':
      return String(Date.parse(iso) / 1000);
    case 'relative':
      return relativeDate(nowSeconds - Date.parse(iso) / 1000);
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
  if (format === 'relative') return '4 years, 11 months ago'.length;
  return (gitDate('2006-10-19T16:00:04-07:00', format) ?? '').length;
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
