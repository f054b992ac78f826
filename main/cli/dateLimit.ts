import { StrataError } from '../../shared/errors';

/** Options of dateLimit: `now` in milliseconds since the epoch (the clock by default). */
export interface DateLimitOptions {
  readonly now?: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sundays', 'mondays', 'tuesdays', 'wednesdays', 'thursdays', 'fridays', 'saturdays'];
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** Units counted in seconds; months and years move the calendar instead. */
const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };

const READ =
  'a date as git log --since reads it: 2019-01-31, "2019-01-31 14:00", "2019-01-31T14:00:00+01:00", "Jan 31 2019", "2 weeks ago", "3.months.ago", yesterday, noon, midnight or @SECONDS';

/**
 * The moment, in seconds since the epoch, that `git log --since/--until TEXT` takes for the forms git reads one
 * way only: a date with a time is that moment (in this machine's time zone, as TZ says, where it names no offset); a
 * date without one is that day at the present time of day, as git takes it; "N units ago" counts back from now
 * (days and weeks in seconds, months and years on the calendar). Anything else is refused with the forms that are
 * read: git's own reading of other text guesses (an unknown word is skipped, "a week ago" is now), and a log that
 * quietly started from the wrong day is worse than a message.
 */
export function dateLimit(text: string, option: string, o: DateLimitOptions = {}): number {
  const now = o.now ?? Date.now();
  const given = text.trim().toLowerCase();
  const refuse = (why?: string): never => {
    throw new StrataError('InvalidRequest', `${option} "${text}": ${why ?? `not read; give ${READ}.`}`);
  };
  const epoch = /^@?(\d{9,})$/.exec(given) ?? /^@(\d+) [+-]\d{4}$/.exec(given);
  if (epoch) return Number(epoch[1]);
  if (given === 'today') refuse('git versions read "today" differently (now, or the day\'s start); say now or midnight.');
  return relative(given, now) ?? absolute(given, now, refuse) ?? refuse();
}

/** "2 weeks ago", "3.months.ago", "last year", "one day", yesterday, now, noon, midnight; null when the text is none of these. */
function relative(given: string, nowMs: number): number | null {
  const at = new Date(Math.floor(nowMs / 1000) * 1000);
  if (given === 'now') return at.getTime() / 1000;
  if (given === 'yesterday') return at.getTime() / 1000 - 86_400;
  if (given === 'midnight' || given === 'noon') {
    const hour = given === 'noon' ? 12 : 0;
    const from = at.getTime();
    // the latest such hour: yesterday's when today's is still to come
    const yesterday = at.getHours() < hour;
    at.setHours(hour, 0, 0);
    return asGitMakesIt(at.getTime(), from) - (yesterday ? 86_400 : 0);
  }
  const words = given.split(/[\s.,]+/).filter(Boolean);
  if (words.at(-1) === 'ago') words.pop();
  if (words.length === 0 || words.length % 2 !== 0) return null;
  for (let i = 0; i < words.length; i += 2) {
    const count = countOf(words[i]!);
    const unit = words[i + 1]!.replace(/s$/, '');
    if (count === null) return null;
    if (UNIT_SECONDS[unit] !== undefined) at.setTime(at.getTime() - count * UNIT_SECONDS[unit] * 1000);
    else if (unit === 'month' || unit === 'year') {
      const from = at.getTime();
      if (unit === 'month') at.setMonth(at.getMonth() - count);
      else at.setFullYear(at.getFullYear() - count);
      at.setTime(asGitMakesIt(at.getTime(), from) * 1000);
    } else return null;
  }
  return at.getTime() / 1000;
}

function countOf(word: string): number | null {
  if (/^\d{1,9}$/.test(word) && !/^0\d{2,}/.test(word)) return Number(word);
  if (word === 'last') return 1;
  const n = NUMBER_WORDS.indexOf(word);
  return n >= 0 ? n + 1 : null;
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  time?: [number, number, number];
  /** Minutes east of UTC, as written. */
  offset?: number;
}

/**
 * A calendar date, with or without a time and an offset: ISO (2019-01-31, 2019-01-31T14:00:00Z), git log's default
 * ("Thu Jan 31 14:00:00 2019 +0100"), RFC 2822 ("Thu, 31 Jan 2019 14:00:00 +0100"), "Jan 31 2019"; null for other text.
 */
function absolute(given: string, nowMs: number, refuse: (why?: string) => never): number | null {
  const f: Fields = {};
  const tokens =
    given.match(/\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?|[+-]\d{2}:?\d{2}|\d+|[a-z]+|[\s,]+|./g) ?? [];
  let afterDate = false;
  for (const token of tokens) {
    const wasDate = afterDate;
    afterDate = false;
    if (/^[\s,]+$/.test(token)) continue;
    const ymd = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(token);
    const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(token);
    const zone = /^([+-])(\d{2}):?(\d{2})$/.exec(token);
    if (ymd && f.year === undefined && f.month === undefined && f.day === undefined) {
      [f.year, f.month, f.day] = [Number(ymd[1]), Number(ymd[3]), Number(ymd[4])];
      afterDate = true;
    } else if (time && !f.time) f.time = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
    else if (zone && f.time && f.offset === undefined) f.offset = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
    else if (token === 't' && wasDate) continue;
    else if (/^(z|utc|gmt)$/.test(token) && f.time && f.offset === undefined) f.offset = 0;
    else if (/^\d{4}$/.test(token) && f.year === undefined) f.year = Number(token);
    else if (/^\d{1,2}$/.test(token) && f.day === undefined) f.day = Number(token);
    else if (f.month === undefined && monthOf(token) >= 0) f.month = monthOf(token) + 1;
    else if (token.length >= 3 && WEEKDAYS.some((w) => w.startsWith(token)))
      continue; // a weekday says nothing more
    else return null;
  }
  if (f.year === undefined || f.month === undefined || f.day === undefined) return null;
  if (f.year < 1970 || f.year > 2099) refuse('git reads years from 1970 to 2099 only.');
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) refuse('no such month or day.');
  const [h, m, s] = f.time ?? [];
  if (f.time && (h! > 24 || m! > 59 || s! > 60)) refuse('no such time of day.');
  if (!f.time) {
    // git takes a day without a time at the present time of day
    const now = new Date(Math.floor(nowMs / 1000) * 1000);
    const day = new Date(f.year, f.month - 1, f.day, now.getHours(), now.getMinutes(), now.getSeconds());
    return asGitMakesIt(day.getTime(), now.getTime());
  }
  if (f.offset !== undefined) return Date.UTC(f.year, f.month - 1, f.day, h, m, s) / 1000 - f.offset * 60;
  return new Date(f.year, f.month - 1, f.day, h, m, s).getTime() / 1000;
}

/**
 * A moment git reaches by changing the calendar fields of another (`from`, in milliseconds) and making a time of them
 * again: git keeps `from`'s daylight-saving flag, so where the new date is on the other side of a change of the
 * clocks, git's moment is an hour off the wall-clock one (`local`, in milliseconds). In seconds.
 */
function asGitMakesIt(local: number, from: number): number {
  const offsetMinutes = (ms: number) => -new Date(ms).getTimezoneOffset();
  return local / 1000 + (offsetMinutes(local) - offsetMinutes(from)) * 60;
}

/** A month's number from 0 for a word that is the start of its name (three letters or more), as git reads names; -1 for others. */
function monthOf(word: string): number {
  return word.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(word)) : -1;
}
