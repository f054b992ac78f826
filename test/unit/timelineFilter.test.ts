import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ChangeStatus, TimelineEntry } from '../../shared/model';
import {
  describeFilter,
  discussionFilterFacts,
  EMPTY_FILTER,
  filterEntries,
  filterNeeds,
  NO_DISCUSSIONS,
  type DiscussionFilterFacts,
  isFilterActive,
  markedEntries,
  parseLineRange,
  timelineFilterSchema,
  parseSearch,
  toTimelineFilter,
  whyEmpty,
  type TimelineFilter,
} from '../../shared/timelineFilter';
import { compareVersionTags } from '../../shared/versionOrder';
import { pairDiffRequest, parentDiffRequest } from '../../shared/parentDiff';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { collectReport, indexFileHistory } from '../fixtures/openAndRun';
import { tmpDir } from '../fixtures/generateRepo';

function entry(
  oid: string,
  o: {
    name?: string;
    email?: string;
    date?: string;
    subject?: string;
    body?: string;
    status?: ChangeStatus;
    parents?: string[];
    path?: string;
    oldPath?: string;
  } = {},
): TimelineEntry {
  const who = { name: o.name ?? 'Jérôme Glisse', email: o.email ?? 'jglisse@redhat.com', date: o.date ?? '2019-05-14T10:00:00-04:00' };
  return {
    oid: oid.padEnd(40, '0'),
    parents: o.parents ?? [`p${oid}`.padEnd(40, '0')],
    author: who,
    committer: who,
    subject: o.subject ?? 'mm/hmm: a change',
    body: o.body ?? '',
    status: o.status ?? 'M',
    path: o.path ?? 'mm/hmm.c',
    ...(o.oldPath ? { oldPath: o.oldPath } : {}),
    blob: 'b'.repeat(40),
    additions: 1,
    deletions: 0,
  };
}

const entries = [
  entry('a1', {
    subject: 'mm/hmm: use a device-private page',
    date: '2020-01-02T00:00:00+00:00',
    name: 'Christoph Hellwig',
    email: 'hch@lst.de',
  }),
  entry('b2', {
    subject: 'mm/hmm: fix a race',
    body: 'Fixes: 0123456789ab ("mm/hmm: x")\nCc: stable@vger.kernel.org',
    date: '2019-07-01T23:59:59-07:00',
  }),
  entry('c3deadbeef', {
    subject: 'mm/hmm: remove hmm_devmem_add',
    date: '2019-05-20T00:00:00+00:00',
    name: 'Dan Williams',
    email: 'DAN.J.WILLIAMS@intel.com',
  }),
  entry('d4', { subject: 'mm/hmm: heterogeneous memory management', status: 'A', parents: [], date: '2017-09-08T00:00:00+00:00' }),
  entry('e5', { subject: 'not in any release yet', date: '2021-03-01T00:00:00+00:00' }),
];
const oidOf = (prefix: string) => prefix.padEnd(40, '0');
const releases: Record<string, string> = {
  [oidOf('a1')]: 'v5.5',
  [oidOf('b2')]: 'v5.3-rc1',
  [oidOf('c3deadbeef')]: 'v5.2',
  [oidOf('d4')]: 'v4.14',
};
const functions: Record<string, string[]> = {
  [oidOf('a1')]: ['hmm_range_fault'],
  [oidOf('b2')]: ['hmm_range_fault', 'hmm_vma_walk'],
  [oidOf('d4')]: [],
};

test('search syntax and why a filter is empty', () => {
  assert.deepEqual(parseSearch('author:"Dan W" fixes:abc race'), [
    { field: 'author', value: 'dan w' },
    { field: 'fixes', value: 'abc' },
    { field: 'text', value: 'race' },
  ]);
  // committer: who applied the patch (git log --committer), not who wrote it
  assert.deepEqual(parseSearch('committer:akpm'), [{ field: 'committer', value: 'akpm' }]);
  const applied = {
    ...entry('f6', { name: 'Ann Lee', email: 'ann@example.org' }),
    committer: { name: 'Andrew Morton', email: 'akpm@linux-foundation.org', date: '2019-05-15T10:00:00-07:00' },
  };
  const own = entry('f7', { name: 'Andrew Morton', email: 'akpm@linux-foundation.org' });
  const pick = (text: string) =>
    filterEntries([applied, own], { ...EMPTY_FILTER, text }, {}, {}, undefined, null, null).map((e) => e.oid.slice(0, 2));
  assert.deepEqual(pick('committer:akpm'), ['f6', 'f7']);
  assert.deepEqual(pick('committer:ann'), []);
  assert.deepEqual(pick('author:akpm'), ['f7']);
  assert.equal(whyEmpty({ ...EMPTY_FILTER, tagFrom: 'v5.5', tagTo: 'v5.0' }), 'The tag range is reversed: v5.5 comes after v5.0.');
  assert.equal(whyEmpty({ ...EMPTY_FILTER, text: 'zzz' }), 'No commit matches the search "zzz".');
});

test('the timeline filter, table-driven: text (commit ids too), author, dates, release range in version order, function', () => {
  const cases: [string, Partial<TimelineFilter>, string[]][] = [
    ['nothing set', {}, ['a1', 'b2', 'c3deadbeef', 'd4', 'e5']],
    ['subject, any case', { text: 'RACE' }, ['b2']],
    ['body', { text: 'stable@vger' }, ['b2']],
    ['a commit id prefix', { text: 'c3deadb' }, ['c3deadbeef']],
    ['a commit id in the middle', { text: 'deadbeef' }, ['c3deadbeef']],
    ['surrounding spaces ignored', { text: '  race ' }, ['b2']],
    ['author name', { author: 'hellwig' }, ['a1']],
    ['author email, any case', { author: 'dan.j.williams@intel' }, ['c3deadbeef']],
    ['from a date, included', { from: '2019-07-01' }, ['a1', 'b2', 'e5']],
    ["to a date, included (the author's own day)", { to: '2019-07-01' }, ['b2', 'c3deadbeef', 'd4']],
    ['a date range', { from: '2019-05-20', to: '2019-12-31' }, ['b2', 'c3deadbeef']],
    ['release from (rc before its release)', { tagFrom: 'v5.3-rc1' }, ['a1', 'b2']],
    ['release from, v5.10 after v5.9 in version order', { tagFrom: 'v5.10' }, []],
    ['release to', { tagTo: 'v5.2' }, ['c3deadbeef', 'd4']],
    ['release range, both ends included', { tagFrom: 'v5.2', tagTo: 'v5.3-rc1' }, ['b2', 'c3deadbeef']],
    ['a release range leaves out unreleased commits', { tagFrom: 'v4.14', tagTo: 'v9.0' }, ['a1', 'b2', 'c3deadbeef', 'd4']],
    ['function', { fn: 'hmm_vma_walk' }, ['b2']],
    ['function: commits without known functions are out', { fn: 'hmm_range_fault' }, ['a1', 'b2']],
    ['all at once', { text: 'mm/hmm', author: 'glisse', tagFrom: 'v5.0', fn: 'hmm_range_fault' }, ['b2']],
    ['function by a prefix', { fn: 'hmm_range' }, ['a1', 'b2']],
    ['function by a part, any case', { fn: 'VMA_W' }, ['b2']],
    ['search: words anywhere, all of them', { text: 'hmm race' }, ['b2']],
    ['search: a quoted phrase', { text: '"hmm race"' }, []],
    ['search: author:', { text: 'author:hellwig' }, ['a1']],
    ['search: author: quoted, with a word', { text: 'author:"dan williams" remove' }, ['c3deadbeef']],
    ['search: author: and a word', { text: 'author:dan.j remove' }, ['c3deadbeef']],
    ['search: message: is not the id', { text: 'message:c3dead' }, []],
    ['search: fixes: an id', { text: 'fixes:0123456789' }, ['b2']],
    ['search: fixes: a subject', { text: 'fixes:"mm/hmm: x"' }, ['b2']],
    ['search: trailer: a name', { text: 'trailer:cc' }, ['b2']],
    ['search: trailer: name=value', { text: 'trailer:cc=stable@' }, ['b2']],
    ['search: trailer: another value', { text: 'trailer:cc=linux-mm' }, []],
    ['search: path:', { text: 'path:mm/hmm.c' }, ['a1', 'b2', 'c3deadbeef', 'd4', 'e5']],
    ['search: path: another file', { text: 'path:lib/' }, []],
    ['search: an unknown field is a word', { text: 'Cc: stable' }, ['b2']],
  ];
  for (const [name, f, want] of cases) {
    const got = filterEntries(entries, { ...EMPTY_FILTER, ...f }, releases, functions).map((e) => e.oid);
    assert.deepEqual(got, want.map(oidOf), name);
    assert.equal(isFilterActive({ ...EMPTY_FILTER, ...f }), Object.keys(f).length > 0, name);
  }
});

test('the discussion clauses: commits with a thread, and commits whose thread mentions a text (null while searched)', () => {
  const linked = [
    { oid: oidOf('a1'), discussion: { replies: 0 } },
    { oid: oidOf('b2'), discussion: { replies: 7 } },
    { oid: oidOf('c3deadbeef'), discussion: null },
    { oid: oidOf('d4'), discussion: { replies: 2 } },
  ];
  const facts = discussionFilterFacts(linked, [oidOf('b2'), oidOf('d4')]);
  assert.deepEqual(facts.replies, { [oidOf('a1')]: 0, [oidOf('b2')]: 7, [oidOf('d4')]: 2 });
  const cases: [string, Partial<TimelineFilter>, DiscussionFilterFacts, string[]][] = [
    ['with discussion (a thread without replies counts)', { discussed: 'yes' }, facts, ['a1', 'b2', 'd4']],
    ['mentions', { mentions: 'NAK' }, facts, ['b2', 'd4']],
    ['mentions, still searching: nothing yet', { mentions: 'NAK' }, discussionFilterFacts(linked, null), []],
    ['blank mentions filter nothing', { mentions: '   ' }, facts, ['a1', 'b2', 'c3deadbeef', 'd4', 'e5']],
    ['with other clauses', { discussed: 'yes', author: 'hellwig' }, facts, ['a1']],
    ['no archive: nothing has a thread', { discussed: 'yes' }, NO_DISCUSSIONS, []],
  ];
  for (const [name, f, d, want] of cases) {
    const got = filterEntries(entries, { ...EMPTY_FILTER, ...f }, releases, functions, d).map((e) => e.oid);
    assert.deepEqual(got, want.map(oidOf), name);
  }
  assert.deepEqual(filterNeeds({ ...EMPTY_FILTER, mentions: 'x' }), {
    releases: false,
    functions: false,
    discussions: true,
    mentions: true,
    lines: false,
    pickaxe: false,
  });
  assert.deepEqual(describeFilter({ ...EMPTY_FILTER, discussed: 'yes', mentions: ' EXPORT_SYMBOL_GPL ' }), [
    'has a review thread',
    'review thread mentions "EXPORT_SYMBOL_GPL"',
  ]);
  assert.deepEqual(toTimelineFilter({ discussed: 'yes' }), { ...EMPTY_FILTER, discussed: 'yes' });
});

test("the line range clause: git log -L's commits (nothing while they are read); A,B checked on the wire", () => {
  const range = new Set([oidOf('b2'), oidOf('e5')]);
  const f = { ...EMPTY_FILTER, lines: '30,41' };
  assert.deepEqual(
    filterEntries(entries, f, releases, functions, NO_DISCUSSIONS, range).map((e) => e.oid),
    [oidOf('b2'), oidOf('e5')],
  );
  assert.deepEqual(filterEntries(entries, f, releases, functions, NO_DISCUSSIONS, null), [], 'still reading');
  assert.equal(filterEntries(entries, { ...f, author: 'nobody' }, releases, functions, NO_DISCUSSIONS, range).length, 0);
  assert.equal(filterEntries(entries, EMPTY_FILTER, releases, functions, NO_DISCUSSIONS, null).length, entries.length);
  assert.equal(filterNeeds(f).lines, true);
  assert.deepEqual(parseLineRange(' 30 , 41 '), { start: 30, end: 41 });
  for (const bad of ['41,30', '0,3', '3', '3,', 'a,b', '1,2,3', '-1,4']) {
    assert.equal(parseLineRange(bad), null, bad);
    assert.equal(timelineFilterSchema.safeParse({ lines: bad }).success, false, bad);
  }
  assert.equal(timelineFilterSchema.safeParse({ lines: '' }).success, true);
  assert.deepEqual(describeFilter(f), ['changed lines 30–41 (git log -L 30,41)']);
});

test('the search marking instead of filtering (gitk find, n / N): the other fields still filter; -S waits for its commits', () => {
  const marking = { ...EMPTY_FILTER, text: 'mm/hmm: race', mark: 'yes' as const };
  assert.equal(filterEntries(entries, marking, releases).length, entries.length, 'nothing hidden');
  assert.deepEqual(
    markedEntries(entries, marking)?.map((e) => e.oid),
    [oidOf('b2')],
  );
  assert.equal(markedEntries(entries, { ...marking, mark: '' }), null, 'filtering marks nothing');
  assert.equal(markedEntries(entries, { ...EMPTY_FILTER, mark: 'yes' }), null, 'an empty search marks nothing');
  const byDan = filterEntries(entries, { ...marking, author: 'dan' }, releases);
  assert.deepEqual(
    byDan.map((e) => e.oid),
    [oidOf('c3deadbeef')],
    'the author field still filters',
  );
  const pickaxe = { ...EMPTY_FILTER, text: '-S"hmm_devmem"', mark: 'yes' as const };
  assert.deepEqual(markedEntries(entries, pickaxe, null), [], 'no -S commits yet: none marked');
  assert.deepEqual(
    markedEntries(entries, pickaxe, new Set([oidOf('d4')]))?.map((e) => e.oid),
    [oidOf('d4')],
  );
  assert.equal(isFilterActive({ ...EMPTY_FILTER, mark: 'yes' }), false);
  assert.deepEqual(describeFilter(marking), [], 'a marking search filters nothing');
  assert.equal(timelineFilterSchema.safeParse({ mark: 'yes' }).success, true);
  assert.equal(timelineFilterSchema.safeParse({ mark: 'no' }).success, false);
  assert.equal(whyEmpty({ ...marking, author: 'nobody' }), 'No commit matches the filter: author contains "nobody".');
  assert.equal(
    whyEmpty({ ...EMPTY_FILTER, text: 'zzz', author: 'nobody', discussed: 'yes' }),
    'No commit matches the search "zzz" and the filter: author contains "nobody"; has a review thread.',
  );
});

test('the filter from the wire, and in words', () => {
  assert.deepEqual(toTimelineFilter(undefined), EMPTY_FILTER);
  assert.deepEqual(toTimelineFilter({ fn: 'f', tagTo: 'v5.0' }), { ...EMPTY_FILTER, fn: 'f', tagTo: 'v5.0' });
  assert.deepEqual(describeFilter(EMPTY_FILTER), []);
  assert.deepEqual(describeFilter({ ...EMPTY_FILTER, text: 'c3de', from: '2019-01-01', tagFrom: 'v5.0', fn: 'hmm_range_fault' }), [
    'id or message contains "c3de"',
    'authored from 2019-01-01',
    'first released in v5.0 … the last release',
    'changed function hmm_range_fault',
  ]);
});

test('"this entry against its parent" and "A against B", as the screen, the report and changedFunctions ask for them', () => {
  const dir = '/repo';
  const [modified, , , added] = entries;
  assert.deepEqual(parentDiffRequest(dir, modified!), { dir, path: 'mm/hmm.c', from: oidOf('pa1'), to: oidOf('a1') });
  assert.deepEqual(
    parentDiffRequest(dir, added!),
    { dir, path: 'mm/hmm.c', from: null, to: oidOf('d4') },
    'a root commit: against nothing',
  );
  const addedOnBranch = entry('f6', { status: 'A' });
  assert.equal(parentDiffRequest(dir, addedOnBranch).from, null, 'an addition: against nothing, though it has a parent');
  const renamed = entry('g7', { status: 'R', path: 'mm/hmm.c', oldPath: 'mm/hmm_core.c', parents: ['1'.repeat(40), '2'.repeat(40)] });
  assert.deepEqual(
    parentDiffRequest(dir, renamed),
    { dir, path: 'mm/hmm.c', from: '1'.repeat(40), to: oidOf('g7'), fromPath: 'mm/hmm_core.c' },
    'first parent, old path',
  );
  const older = entry('h8', { path: 'mm/hmm_core.c' });
  assert.deepEqual(pairDiffRequest(dir, older, renamed), {
    dir,
    path: 'mm/hmm.c',
    from: oidOf('h8'),
    to: oidOf('g7'),
    fromPath: 'mm/hmm_core.c',
  });
  assert.deepEqual(pairDiffRequest(dir, modified!, modified!), { dir, path: 'mm/hmm.c', from: oidOf('a1'), to: oidOf('a1') });
});

test(
  'the report lists exactly the commits the screen shows for the same filter (ids searched, release range applied); git is the oracle for releases',
  { timeout: 180_000 },
  async () => {
    const root = tmpDir('report-filter');
    const home = path.join(root, 'home');
    const sample = await writeSampleRepository({ dir: path.join(root, 'sample') });
    const timeline = await indexFileHistory({ dir: sample.dir, path: 'mm/hmm.c', follow: false, home });
    const git = (...args: string[]) => execFileSync('git', ['-C', sample.dir, ...args], { encoding: 'utf8' }).trim();
    // the first release of each commit, as git sees it: the earliest tag, in version order, that contains it
    const firstRelease = (oid: string): string | undefined =>
      git('tag', '--contains', oid).split('\n').filter(Boolean).sort(compareVersionTags)[0];
    const key = { dir: sample.dir, path: 'mm/hmm.c', follow: false, home };

    const tagFrom = 'v4.20';
    const tagTo = 'v5.2';
    const inRange = timeline.entries.filter((e) => {
      const rel = firstRelease(e.oid);
      return rel !== undefined && compareVersionTags(rel, tagFrom) >= 0 && compareVersionTags(rel, tagTo) <= 0;
    });
    assert.ok(inRange.length > 0 && inRange.length < timeline.entries.length, 'the range keeps some commits and drops others');
    const ranged = await collectReport({ ...key, filter: { ...EMPTY_FILTER, tagFrom, tagTo } });
    assert.deepEqual(
      ranged.commits.map((c) => c.entry.oid),
      inRange.map((e) => e.oid),
    );
    assert.equal(ranged.total, timeline.entries.length);

    const target = timeline.entries[Math.floor(timeline.entries.length / 2)]!;
    const byId = await collectReport({ ...key, filter: { ...EMPTY_FILTER, text: target.oid.slice(0, 12) } });
    assert.deepEqual(
      byId.commits.map((c) => c.entry.oid),
      [target.oid],
      'a commit id finds its commit in the report as on the screen',
    );
  },
);
