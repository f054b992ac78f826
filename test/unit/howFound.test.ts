import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Discussion } from '../../shared/discussion';
import { howText } from '../../renderer/src/discussion/howFound';

const found = (how: Discussion['how'], subject: string) => ({ how, subject }) as Discussion;

test('the Discussion tab says how the thread was found, a subject reworded when applied apart from the same subject', () => {
  assert.equal(howText('mm/hmm: fix it', found('link', '[PATCH] mm/hmm: fix it')), 'a Link trailer names this thread');
  assert.equal(howText('mm/hmm: fix it', found('patch', '[PATCH] other')), 'the same lines are added and removed');
  assert.equal(howText('mm/hmm: fix  it', found('subject', 'Re: [PATCH v2 3/5] mm/hmm: Fix it')), 'only the subject matches');
  assert.equal(
    howText('lib: Retry safe_clone() on ENOSPC', found('subject', '[LTP] [PATCH v2 1/1] lib: Retry safe_clone() on ENOSPC|EUSERS')),
    "only the subject, shortened or lengthened when applied, and the commit's author match",
  );
});
