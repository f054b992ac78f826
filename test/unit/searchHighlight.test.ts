import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightNeedles, markMatches } from '../../shared/searchHighlight';

test('search highlight: free words and message: clauses are marked, any case; other clauses are not', () => {
  assert.deepEqual(highlightNeedles('Race author:hellwig message:"hmm range" fixes:abc'), ['race', 'hmm range']);
  const marked = (t: string, s: string) =>
    markMatches(t, highlightNeedles(s))
      .map((p) => (p.match ? `[${p.text}]` : p.text))
      .join('');
  assert.equal(marked('mm/hmm: fix a RACE in hmm_range_fault', 'race hmm'), 'mm/[hmm]: fix a [RACE] in [hmm]_range_fault');
  assert.equal(marked('aaaa', 'aa'), '[aaaa]');
  assert.equal(marked('overlap', 'over lap'), '[overlap]');
  assert.equal(marked('nothing here', 'author:x'), 'nothing here');
  assert.equal(marked('', 'x'), '');
});
