import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelineEntry } from '../../shared/model';
import { parseMessageFacts } from '../../shared/trailers';
import { messageFactsOf } from '../../renderer/src/timeline/messageFactsOf';

const entry = (oid: string, body: string, additions?: number) =>
  ({ oid, subject: `mm/hmm: change ${oid}`, body, ...(additions !== undefined ? { additions } : {}) }) as TimelineEntry;

test("the list's message facts are parsed once per commit: a batch of counts (new entry objects) reparses nothing and keeps the map", () => {
  let parsed = 0;
  const parse = (m: string) => (parsed++, parseMessageFacts(m));
  const fix = 'Fixes: 0123456789ab ("mm/hmm: old")\nReviewed-by: Ann Lee <ann@example.org>';
  const first = [entry('a', fix), entry('b', ''), entry('c', 'commit 0123456789abcdef0123456789abcdef01234567 upstream.')];
  const facts = messageFactsOf(first, new Map(), parse);
  assert.equal(parsed, 3);
  assert.deepEqual(facts.get('a'), parseMessageFacts(`${first[0]!.subject}\n\n${fix}`));
  assert.equal(facts.get('c')!.upstream, '0123456789abcdef0123456789abcdef01234567');

  // the counts arrive: the same commits in new entry objects
  const counted = first.map((e, i) => ({ ...e, additions: i, deletions: 0 }));
  assert.equal(messageFactsOf(counted, facts, parse), facts, 'the same map');
  assert.equal(parsed, 3, 'nothing parsed again');

  // a walk's next commits: only those are parsed; a list of other commits is a new map
  const more = messageFactsOf([...counted, entry('d', fix)], facts, parse);
  assert.notEqual(more, facts);
  assert.equal(parsed, 4);
  assert.equal(more.get('a'), facts.get('a'));
  const other = messageFactsOf([entry('x', '')], more, parse);
  assert.deepEqual([...other.keys()], ['x']);
});

test('a list sent without its bodies (bodiesFollow) has its facts parsed again once they come, and only those', () => {
  let parsed = 0;
  const parse = (m: string) => (parsed++, parseMessageFacts(m));
  const fix = 'Fixes: 0123456789ab ("mm/hmm: old")';
  const bare = [entry('a', ''), entry('b', '')];
  const before = messageFactsOf(bare, new Map(), parse);
  assert.equal(before.get('a')!.fixes.length, 0);
  const withBodies = [{ ...bare[0]!, body: fix }, bare[1]!];
  const after = messageFactsOf(withBodies, before, parse);
  assert.notEqual(after, before, 'a new map: the badges are worked out again');
  assert.deepEqual(after.get('a')!.fixes, [{ oid: '0123456789ab', subject: 'mm/hmm: old' }]);
  assert.equal(after.get('b'), before.get('b'));
  assert.equal(parsed, 3);
  // the answer brings the same bodies again as other strings: nothing is parsed
  assert.equal(
    messageFactsOf(
      withBodies.map((e) => ({ ...e, body: `${e.body}` })),
      after,
      parse,
    ),
    after,
  );
  assert.equal(parsed, 3);
});
