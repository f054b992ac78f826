import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMessage, isoWithOffset } from '../../main/objects/parseCommit';

test('subject and body split like git %s and %b', () => {
  assert.deepEqual(splitMessage('\n\nfirst line\nsecond line\n\n\nbody one\n\nbody two\n\n'), {
    subject: 'first line second line',
    body: 'body one\n\nbody two',
  });
  assert.deepEqual(splitMessage('only subject'), { subject: 'only subject', body: '' });
});

test('dates print like git %aI', () => {
  assert.equal(isoWithOffset(1552381200, 60), '2019-03-12T10:00:00+01:00');
  assert.equal(isoWithOffset(1552381200, -420), '2019-03-12T02:00:00-07:00');
  assert.equal(isoWithOffset(0, 0), '1970-01-01T00:00:00+00:00');
});
