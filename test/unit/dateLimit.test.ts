import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dateLimit } from '../../main/cli/dateLimit';

/** What git takes `--since TEXT` for: `git rev-parse --since=TEXT` prints it as --max-age=SECONDS. */
function gitSince(text: string, tz: string): number {
  const out = execFileSync('git', ['rev-parse', `--since=${text}`], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  const m = /--max-age=(-?\d+)/.exec(out);
  assert.ok(m, `git rev-parse --since=${text} printed ${out}`);
  return Number(m[1]);
}

/** Read in the time zone TZ names (node follows a TZ set while it runs). */
function inZone<T>(tz: string, f: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const FORMS = [
  '2019-01-31',
  '2019-07-04',
  '2019-01-31 14:05',
  '2019-01-31 14:05:09',
  '2019/01/31 14:05:09',
  '2019-01-31T14:05:09',
  '2019-01-31T14:05:09Z',
  '2019-01-31T14:05:09+05:30',
  '2019-01-31 14:05:09 -0800',
  '2019-01-31 14:05:09 UTC',
  '2019-02-31 10:00',
  'Jan 31 2019',
  '31 January 2019',
  'Thu Jan 31 14:05:09 2019 +0100',
  'Thu, 31 Jan 2019 14:05:09 +0100',
  'sept 3 2020 09:00',
  '2 weeks ago',
  '3.months.ago',
  '1 month 1 day ago',
  '1 year ago',
  '5 months 3 weeks 2 months ago',
  'last week',
  'two days ago',
  '10 hours ago',
  '90 minutes',
  'yesterday',
  'now',
  'noon',
  'midnight',
  '@1700000000',
  '1700000000',
  '@1700000000 +0200',
];

for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney']) {
  test(`--since: the moment git takes, for each form it reads one way (TZ=${tz})`, () => {
    for (const form of FORMS) {
      const before = Date.now();
      const want = gitSince(form, tz);
      const got = inZone(tz, () => dateLimit(form, '--since', { now: before }));
      // forms counted from now may see git's clock a second or two later
      assert.ok(Math.abs(got - want) <= 2, `${form} (TZ=${tz}): git ${want}, strata ${got}`);
    }
  });
}

test('--since: text git would guess at is refused with the forms that are read', () => {
  for (const form of [
    'a week ago',
    'last friday',
    'today',
    'tomorrow',
    '31-01-2019',
    '2019-13-01',
    '1969-12-31 10:00',
    'EST',
    '5 fortnights ago',
    '',
  ]) {
    assert.throws(
      () => dateLimit(form, '--since'),
      (e: Error) => e.message.startsWith(`--since "${form}": `) && /2019-01-31|git versions|1970|no such/.test(e.message),
      form,
    );
  }
});
