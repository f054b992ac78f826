import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthTicks, panDomain, tOf, xOf, zoomDomain, type Domain } from '../../renderer/src/timeline/timeScale';
import type { TimelineEntry } from '../../shared/model';

const DAY = 86400_000;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

test('monthTicks: the step that fits the width, labels, majors, inclusive ends', () => {
  const cases: readonly { why: string; from: string; to: string; width: number; ticks: readonly (readonly [string, string, boolean])[] }[] =
    [
      {
        why: 'three and a half months in 1000 px: every month, named',
        from: '2020-01-15',
        to: '2020-05-02',
        width: 1000,
        ticks: [
          ['2020-02-01', 'Feb', false],
          ['2020-03-01', 'Mar', false],
          ['2020-04-01', 'Apr', false],
          ['2020-05-01', 'May', false],
        ],
      },
      {
        why: 'both ends on the first of a month are inside',
        from: '2020-03-01',
        to: '2020-05-01',
        width: 1000,
        ticks: [
          ['2020-03-01', 'Mar', false],
          ['2020-04-01', 'Apr', false],
          ['2020-05-01', 'May', false],
        ],
      },
      {
        why: '27 months in 600 px: every third month (27/3 × 60 = 540 < 600), January named by its year and major',
        from: '2018-11-01',
        to: '2021-02-01',
        width: 600,
        ticks: [
          ['2019-01-01', '2019', true],
          ['2019-04-01', 'Apr', false],
          ['2019-07-01', 'Jul', false],
          ['2019-10-01', 'Oct', false],
          ['2020-01-01', '2020', true],
          ['2020-04-01', 'Apr', false],
          ['2020-07-01', 'Jul', false],
          ['2020-10-01', 'Oct', false],
          ['2021-01-01', '2021', true],
        ],
      },
      {
        why: '125 months in 800 px: every year',
        from: '2010-01-01',
        to: '2020-06-01',
        width: 800,
        ticks: ['2010', '2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020'].map(
          (y) => [`${y}-01-01`, y, true] as const,
        ),
      },
      {
        why: '20 years in 300 px: no listed step fits, every fourth year (48 months)',
        from: '2000-01-01',
        to: '2020-02-01',
        width: 300,
        ticks: ['2000', '2004', '2008', '2012', '2016', '2020'].map((y) => [`${y}-01-01`, y, true] as const),
      },
      {
        why: 'an empty domain on a month start: that one tick',
        from: '2021-07-01',
        to: '2021-07-01',
        width: 500,
        ticks: [['2021-07-01', 'Jul', false]],
      },
      { why: 'an empty domain inside a month: none', from: '2021-07-02', to: '2021-07-02', width: 500, ticks: [] },
    ];
  for (const c of cases) {
    const got = monthTicks({ start: at(c.from), end: at(c.to) }, c.width).map((t) => [day(t.t), t.label, t.major]);
    assert.deepEqual(got, c.ticks, c.why);
  }
});

test('xOf and tOf: time to pixels and back, unclamped, an empty domain divides by no zero', () => {
  const d: Domain = { start: 1000, end: 2000 };
  const cases: readonly [t: number, width: number, x: number][] = [
    [1000, 500, 0],
    [2000, 500, 500],
    [1500, 500, 250],
    [500, 500, -250],
    [2500, 1000, 1500],
  ];
  for (const [t, width, x] of cases) {
    assert.equal(xOf(t, d, width), x, `xOf(${t}) in ${width} px`);
    assert.equal(tOf(x, d, width), t, `tOf(${x}) in ${width} px`);
  }
  assert.equal(xOf(5, { start: 5, end: 5 }, 100), 0);
  assert.equal(xOf(6, { start: 5, end: 5 }, 100), 100);
  assert.equal(tOf(40, { start: 0, end: 100 }, 0), 4000, 'a zero width counts as one pixel');
});

test('zoomDomain: the time under the pointer stays put; at least a week; never past the limits', () => {
  const limits: Domain = { start: 0, end: 100 * DAY };
  const cases: readonly { why: string; d: Domain; at: number; factor: number; want: Domain }[] = [
    { why: 'halve around the middle', d: limits, at: 50 * DAY, factor: 0.5, want: { start: 25 * DAY, end: 75 * DAY } },
    { why: 'halve around a quarter', d: limits, at: 20 * DAY, factor: 0.5, want: { start: 10 * DAY, end: 60 * DAY } },
    { why: 'halve at the left edge', d: limits, at: 0, factor: 0.5, want: { start: 0, end: 50 * DAY } },
    { why: 'zoom in far: a week is the least', d: limits, at: 50 * DAY, factor: 0.001, want: { start: 46.5 * DAY, end: 53.5 * DAY } },
    { why: 'zoom out past the limits: the limits', d: { start: 40 * DAY, end: 60 * DAY }, at: 45 * DAY, factor: 10, want: limits },
    {
      why: 'zoom out near the right edge: shifted inside',
      d: { start: 80 * DAY, end: 100 * DAY },
      at: 95 * DAY,
      factor: 2,
      want: { start: 60 * DAY, end: 100 * DAY },
    },
  ];
  for (const c of cases) {
    const got = zoomDomain(c.d, c.at, c.factor, limits);
    assert.deepEqual(got, c.want, c.why);
    assert.ok(got.start >= limits.start && got.end <= limits.end, `${c.why}: inside the limits`);
  }
});

test('panDomain: moves by the time given, keeps the span, stops at the limits', () => {
  const limits: Domain = { start: 0, end: 100 * DAY };
  const d: Domain = { start: 10 * DAY, end: 20 * DAY };
  const cases: readonly [deltaDays: number, want: Domain][] = [
    [5, { start: 15 * DAY, end: 25 * DAY }],
    [-5, { start: 5 * DAY, end: 15 * DAY }],
    [-50, { start: 0, end: 10 * DAY }],
    [200, { start: 90 * DAY, end: 100 * DAY }],
    [0, d],
  ];
  for (const [delta, want] of cases) assert.deepEqual(panDomain(d, delta * DAY, limits), want, `pan by ${delta} days`);
});

test('commit times: parsed once per entry, months in UTC, the range of any number of them', async () => {
  const { commitMonth, commitTime, timeRange } = await import('../../renderer/src/timeline/commitTimes');
  const entry = (date: string) => ({ committer: { date } }) as unknown as TimelineEntry;
  const e = entry('2019-03-31T23:30:00-02:00');
  assert.equal(commitTime(e), Date.parse('2019-04-01T01:30:00Z'));
  assert.equal(commitMonth(e), 2019 * 12 + 3, 'April in UTC, though still March where it was committed');
  (e.committer as { date: string }).date = '2000-01-01T00:00:00Z';
  assert.equal(commitTime(e), Date.parse('2019-04-01T01:30:00Z'), 'read once: a list filtered again reads it from the entry kept');
  // a kernel directory's history: Math.min(...times) overflows the stack at this length
  const many = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
  assert.deepEqual(timeRange(many), { min: 0, max: 299_999 });
  assert.deepEqual(timeRange([]), { min: NaN, max: NaN });
});
