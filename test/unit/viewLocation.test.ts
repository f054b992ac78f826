import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewFromHash, viewToHash, type ViewLocation } from '../../shared/viewLocation';
import { EMPTY_FILTER } from '../../shared/timelineFilter';

const OID_A = 'a'.repeat(40);
const OID_B = '0123456789abcdef0123456789abcdef01234567';

test('viewLocation: repo, path, selection, A/B and every filter field round-trip through the address', () => {
  const views: ViewLocation[] = [
    { dir: '/tmp/linux', path: 'mm/hmm.c', follow: false, rev: null, selected: null, a: null, b: null, filter: EMPTY_FILTER },
    {
      dir: '/tmp/linux',
      path: 'mm/hmm.c',
      follow: false,
      firstParent: true,
      rev: 'v6.8',
      selected: OID_A,
      a: null,
      b: null,
      filter: EMPTY_FILTER,
    },
    {
      dir: '/home/me/src/a b&c=d#e',
      path: 'drivers/gpu/drm/nouveau/nouveau_svm.c',
      follow: true,
      rev: 'linux-5.4.y',
      selected: OID_B,
      a: OID_A,
      b: OID_B,
      filter: {
        author: 'Jérôme Glisse',
        text: 'author:hellwig "a phrase" fixes:a1b2 trailer:cc=stable',
        from: '2019-01-01',
        to: '2020-12-31',
        tagFrom: 'v5.0',
        tagTo: 'v5.5',
        fn: 'hmm_range',
        discussed: 'yes',
        mentions: 'NAK & more',
        lines: '30,41@' + OID_A,
        mark: 'yes',
      },
    },
  ];
  for (const v of views) assert.deepEqual(viewFromHash(viewToHash(v)), v);
});

test('viewLocation: an address without a file names no view; malformed parts are dropped, the file kept', () => {
  assert.equal(viewFromHash(''), null);
  assert.equal(viewFromHash('#path=mm/hmm.c'), null);
  const v = viewFromHash('#dir=%2Ftmp%2Fx&path=mm%2Fhmm.c&sel=HEAD&a=zz&f.discussed=maybe');
  assert.deepEqual(v, {
    dir: '/tmp/x',
    path: 'mm/hmm.c',
    follow: false,
    rev: null,
    selected: null,
    a: null,
    b: null,
    filter: EMPTY_FILTER,
  });
  assert.deepEqual(viewFromHash('#dir=x&path=y&f.nonsense=1')?.filter, EMPTY_FILTER);
  assert.equal(viewFromHash('#dir=x&path=y&rev=v5.4')?.rev, 'v5.4');
  // the first-parent line and renames followed are one or the other: an address with both follows renames
  assert.equal(viewFromHash('#dir=x&path=y&fp=1&follow=1')?.firstParent, undefined);
  assert.equal(viewFromHash('#dir=x&path=y&fp=1')?.firstParent, true);
  // a range's timeline reopens as the range (git log A..B); a symmetric difference is no revision Strata reads
  for (const range of ['v5.0..v5.5', 'v5.0..', '..next']) assert.equal(viewFromHash(`#dir=x&path=y&rev=${range}`)?.rev, range);
  for (const bad of ['..%2Fx', 'a...b', '-x', 'a%20b', 'a..b..c']) assert.equal(viewFromHash(`#dir=x&path=y&rev=${bad}`)?.rev, null, bad);
});
