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
