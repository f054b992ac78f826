import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessageFacts } from '../../shared/trailers';

const oid = '1234567890ab';
// [case, the Fixes trailer's value after the id, the subject expected]
const cases: [string, string, string | undefined][] = [
  ['plain quoted', '("mm/hmm: use a structure")', 'mm/hmm: use a structure'],
  [
    'call in the subject',
    '("mm/hmm: replace hmm_vma_fault() with hmm_range_fault()")',
    'mm/hmm: replace hmm_vma_fault() with hmm_range_fault()',
  ],
  ['subject ending in ()', '("mm/hmm: remove hmm_vma_fault()")', 'mm/hmm: remove hmm_vma_fault()'],
  ['nested parentheses', '("x86/mm: fix (most (of)) it")', 'x86/mm: fix (most (of)) it'],
  ['unbalanced ( inside the quotes', '("mm: fix off-by-one in foo(")', 'mm: fix off-by-one in foo('],
  [
    'quotes inside the subject',
    '("Revert "mm/hmm: fix bad subpage pointer in try_to_unmap_one()"")',
    'Revert "mm/hmm: fix bad subpage pointer in try_to_unmap_one()"',
  ],
  ['trailing text after the closing', '("mm: fix f()") # 5.4+', 'mm: fix f()'],
  ['trailing parenthesised note', '("mm: fix f()") (v5.0)', 'mm: fix f()'],
  ['missing closing parenthesis', '("mm/hmm: replace hmm_vma_fault()', 'mm/hmm: replace hmm_vma_fault()'],
  ['missing closing quote and parenthesis', '("mm/hmm: replace hmm_vma', 'mm/hmm: replace hmm_vma'],
  ['unquoted with a call', '(mm: fix g() in h)', 'mm: fix g() in h'],
  ['unquoted without closing', '(mm: fix g()', 'mm: fix g()'],
  ['spaces inside the parenthesis', '( "mm: x (y)" )', 'mm: x (y)'],
  ['no subject', '', undefined],
  ['empty parentheses', '()', undefined],
  ['not a parenthesis', 'upstream', undefined],
];

for (const [name, rest, subject] of cases) {
  test(`Fixes subject: ${name}`, () => {
    const facts = parseMessageFacts(`x\n\nFixes: ${oid} ${rest}\nSigned-off-by: A <a@x>\n`);
    assert.deepEqual(facts.fixes, [{ oid, ...(subject === undefined ? {} : { subject }) }]);
  });
}

test('Fixes subject: the id directly followed by the parenthesis', () => {
  assert.deepEqual(parseMessageFacts(`x\n\nFixes: ${oid}("a (b) c")\n`).fixes, [{ oid, subject: 'a (b) c' }]);
});
