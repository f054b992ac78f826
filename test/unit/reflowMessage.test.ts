import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reflowMessage } from '../../renderer/src/details/reflowMessage';

const lines = (...l: string[]) => l.join('\n');

test('a paragraph wrapped at 72 columns becomes one line; paragraphs, trailers and short lines stay', () => {
  const message = lines(
    'mm/hmm: keep the pages the first walk faulted',
    '',
    'hmm_range_fault() walked the range a second time when the first walk',
    'had to drop the mmap lock, faulting pages it had already faulted.  Keep',
    'what the first walk found and start again where it stopped.',
    'A new sentence on a line of its own stays there.',
    '',
    'Fixes: 0123456789ab ("mm/hmm: replace hmm_vma_fault() with hmm_range_fault()")',
    'Signed-off-by: Morgan Lee <morgan@example.org>',
    'Link: https://lore.kernel.org/linux-mm/20190806160554.14046-1-hch@lst.de/',
  );
  assert.equal(
    reflowMessage(message),
    lines(
      'mm/hmm: keep the pages the first walk faulted',
      '',
      'hmm_range_fault() walked the range a second time when the first walk had to drop the mmap lock, faulting pages it had already faulted.  Keep what the first walk found and start again where it stopped.',
      'A new sentence on a line of its own stays there.',
      '',
      'Fixes: 0123456789ab ("mm/hmm: replace hmm_vma_fault() with hmm_range_fault()")',
      'Signed-off-by: Morgan Lee <morgan@example.org>',
      'Link: https://lore.kernel.org/linux-mm/20190806160554.14046-1-hch@lst.de/',
    ),
  );
});

test('code, logs, quotes, tables and diffs keep their line breaks', () => {
  const asWritten = [
    lines(
      'The warning fires on the first fault after a resize of the mirror range:',
      '',
      '  WARNING: CPU: 3 PID: 1201 at mm/hmm.c:212 hmm_vma_walk_pmd+0x1f3/0x260 mm',
      '  Call Trace:',
      '   hmm_range_fault+0x4c/0xa0',
      '\tstatic int hmm_vma_walk_pmd(pmd_t *pmdp, unsigned long start, unsigned long',
      '\t\t\t\t    end, struct mm_walk *walk)',
    ),
    lines(
      '> On Tue, Jul 30, 2019 at 08:51:50AM +0300, Christoph Hellwig wrote: the range',
      '> is walked twice because the first walk drops the lock and then it starts',
      '[   12.345678] hmm: mirror of pid 1201 registered for the range 0x7f00000 to',
      '[   12.345702] hmm: mirror of pid 1201 unregistered after the fault returned',
    ),
    lines(
      'Baseline bpf-next commit:   53435562a725962e4de0c29653223129ba11643a',
      'Checkpoint bpf-next commit: 9a3a07d06e7d74f4aecc51396c771149336ac55d',
      'Baseline bpf commit:        9b51a6155d14389876916726430da30eabb1d4ed',
      '| kernel | before | after  | change of the fault path on the pinned pages |',
      '| v5.2   | 1.00   | 0.93   | faster because the second walk is gone there |',
    ),
    lines(
      'diff --git a/mm/hmm.c b/mm/hmm.c of the version this message talks about',
      '--- a/mm/hmm.c the old version of the file that the fix is made against',
      '+++ b/mm/hmm.c',
      '@@ -1,3 +1,3 @@',
    ),
  ];
  for (const m of asWritten) assert.equal(reflowMessage(m), m);
});

test("a list keeps one line per item; an item's wrapped text joins it, hanging indent or not", () => {
  assert.equal(
    reflowMessage(
      lines(
        'This series reworks the fault path of the mirror in three steps, each of',
        'them on its own:',
        '',
        '- Replace the boolean snapshot field in struct hmm_range with an unsigned',
        '  int flags field, shared between the range and the vma walk, so a flag',
        '  set at either level applies.',
        '- Drop the second walk.',
        '1. Keep the pages the first walk faulted and the pfns it filled in for',
        'the caller, as the documentation always said it did.',
        '  2) an item indented by two, with a long text that runs to the edge of',
        '     the fill column and goes on here.',
      ),
    ),
    lines(
      'This series reworks the fault path of the mirror in three steps, each of them on its own:',
      '',
      '- Replace the boolean snapshot field in struct hmm_range with an unsigned int flags field, shared between the range and the vma walk, so a flag set at either level applies.',
      '- Drop the second walk.',
      '1. Keep the pages the first walk faulted and the pfns it filled in for the caller, as the documentation always said it did.',
      '  2) an item indented by two, with a long text that runs to the edge of the fill column and goes on here.',
    ),
  );
});

test('the fill column is the message’s own: a message wrapped at 60 joins at 60, one never wrapped is left alone', () => {
  const narrow = lines(
    'The mirror keeps a reference on the range while it walks it,',
    'and drops it when the walk is done or when the range is torn',
    'down by a notifier.',
  );
  assert.equal(
    reflowMessage(narrow),
    'The mirror keeps a reference on the range while it walks it, and drops it when the walk is done or when the range is torn down by a notifier.',
  );
  // short lines are broken on purpose, whatever the message's width
  const short = lines('Tested on:', 'x86_64', 'arm64', '', 'Reported by the robot.');
  assert.equal(reflowMessage(short), short);
  const unwrapped = lines(
    'One long line that the author never wrapped, as people writing in a web form do, and which a pane wraps itself.',
    'Another one.',
  );
  assert.equal(reflowMessage(unwrapped), unwrapped);
  assert.equal(reflowMessage(''), '');
});
