const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date (ISO 8601 with its own offset, as Strata keeps a person's) in one of git's `--date` formats, in that
 * offset: `default` ("Tue Feb 6 12:00:00 2024 +0000", git log's), `iso` (blame's), `short`, `iso-strict`, `rfc`,
 * `raw`, `unix`. Null for a format written here in no way (relative, human, local, format:…) or a date it cannot read.
 */
export function gitDate(iso: string, format: string): string | null {
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
    default:
      return null;
  }
}

/** Whether gitDate writes dates in this format. */
export function isWrittenDateFormat(format: string): boolean {
  return gitDate('2006-10-19T16:00:04-07:00', format) !== null;
}

/** The columns git blame gives a date in a format: that of a sample date (its own choice), shorter dates padded to it. */
export function gitDateWidth(format: string): number {
  return (gitDate('2006-10-19T16:00:04-07:00', format) ?? '').length;
}
