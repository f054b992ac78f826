import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArchiveCatalog } from '../../main/archive/archiveCatalog';
import type { ArchiveMessage } from '../../main/archive/archiveMessage';
import { linkCommit, type CommitToLink } from '../../main/archive/linkCommit';
import { hashPatchLines } from '../../main/archive/parsePatch';

const DAY = 86400;
const T = 1_600_000_000;

function msg(id: string, o: Partial<ArchiveMessage> & { added?: string[]; removed?: string[]; path?: string } = {}): ArchiveMessage {
  const { added, removed, path, ...rest } = o;
  return {
    ids: [id],
    refs: [],
    subject: `[PATCH] ${id}`,
    name: 'Jane',
    email: 'jane@x',
    date: T,
    loc: { offset: 0, length: 0 },
    ...(added || removed
      ? { files: [{ path: path ?? 'mm/hmm.c', added: hashPatchLines(added ?? []), removed: hashPatchLines(removed ?? []) }] }
      : {}),
    ...rest,
  };
}

function commit(o: Partial<CommitToLink> & { added?: string[]; removed?: string[] }): CommitToLink {
  const { added, removed, ...rest } = o;
  return {
    subject: 'mm/hmm: something',
    message: 'mm/hmm: something\n\nSigned-off-by: Jane <jane@x>',
    authorEmail: 'jane@x',
    authorTime: T + 10 * DAY,
    commitTime: T + 12 * DAY,
    path: 'mm/hmm.c',
    change: { added: hashPatchLines(added ?? ['a();']), removed: hashPatchLines(removed ?? ['b();']) },
    ...rest,
  };
}

const linkOf = (messages: ArchiveMessage[], c: CommitToLink) => {
  const l = linkCommit(new ArchiveCatalog([messages]), c);
  return l ? [l.message.ids[0], l.how] : null;
};

test('linking: of two versions with the same diff, the one whose Date is the author date (git am) wins', () => {
  const v1 = msg('v1', { subject: '[PATCH] mm/hmm: something', date: T, added: ['a();'], removed: ['b();'] });
  const v2 = msg('v2', { subject: '[PATCH v2] mm/hmm: something', date: T + 5 * DAY, added: ['a();'], removed: ['b();'] });
  assert.deepEqual(linkOf([v1, v2], commit({ authorTime: T })), ['v1', 'patch']);
  assert.deepEqual(linkOf([v1, v2], commit({ authorTime: T + 5 * DAY })), ['v2', 'patch']);
  // no author-date hint: the later one, posted closer to the commit
  assert.deepEqual(linkOf([v1, v2], commit({ authorTime: T + 9 * DAY })), ['v2', 'patch']);
  // the author date kept from before either was posted (a branch pulled, not a mail applied): the last version, as
  // on the nvdimm list (v12 and v13 alike in the file, v13 applied, the author date months before v12)
  assert.deepEqual(linkOf([v1, v2], commit({ authorTime: T - 30 * DAY, commitTime: T + 12 * DAY })), ['v2', 'patch']);
  assert.deepEqual(linkOf([v1, v2], commit({ authorTime: T + DAY, commitTime: T + 12 * DAY })), ['v2', 'patch']);
});

test('linking: whitespace does not matter; a diff that differs does not link by content', () => {
  const m = msg('m', { added: ['\tif (x)  return 1;'], removed: ['b();'] });
  assert.deepEqual(linkOf([m], commit({ added: ['if (x) return 1;'] })), ['m', 'patch']);
  assert.equal(linkOf([m], commit({ subject: 'mm: unrelated subject', added: ['c();', 'd();', 'e();'], removed: ['f();'] })), null);
});

test('linking: a posting outside the window (a year before, or after the commit) is not the patch', () => {
  const old = msg('old', { date: T - 400 * DAY, added: ['a();'], removed: ['b();'] });
  const late = msg('late', { date: T + 40 * DAY, added: ['a();'], removed: ['b();'] });
  assert.equal(linkOf([old, late], commit({ subject: 'x: other' })), null);
});

test("linking: a Link to the cover letter picks the thread's patch for this file; to an unheld message, content decides", () => {
  const cover = msg('cover@x', { subject: '[PATCH 0/2] series' });
  const p1 = msg('p1@x', { subject: '[PATCH 1/2] one', refs: ['cover@x'], added: ['x();'], removed: [], path: 'mm/other.c' });
  const p2 = msg('p2@x', { subject: '[PATCH 2/2] two', refs: ['cover@x'], added: ['a();'], removed: ['b();'] });
  const elsewhere = msg('elsewhere@x', { date: T + DAY, added: ['a();'], removed: ['b();'] });
  assert.deepEqual(linkOf([cover, p1, p2, elsewhere], commit({ message: 'x\n\nLink: https://lore.kernel.org/r/cover@x' })), [
    'p2@x',
    'link',
  ]);
  assert.deepEqual(linkOf([cover, p1, p2, elsewhere], commit({ message: 'x\n\nLink: https://lore.kernel.org/r/p1@x/T/#u' })), [
    'p2@x',
    'link',
  ]);
  assert.deepEqual(linkOf([cover, p1, p2, elsewhere], commit({ message: 'x\n\nLink: https://lore.kernel.org/r/not-held@x' })), [
    'elsewhere@x',
    'patch',
  ]);
});

test('linking: of several Link trailers, the one naming the patch applied wins over an earlier version or a reply in its thread', () => {
  // as on the io-uring list: "Link: …v1", a reviewer's reply in v1's thread, then the Link b4 adds for the mail applied
  const v1 = msg('v1@x', { subject: '[PATCH 1/2] mm/hmm: something', date: T, added: ['a0();'], removed: ['b();'] });
  const review = msg('review@x', { subject: 'Re: [PATCH 1/2] mm/hmm: something', refs: ['v1@x'], date: T + DAY });
  const v2 = msg('v2@x', { subject: '[PATCH v2] mm/hmm: something', date: T + 2 * DAY, added: ['a();'], removed: ['b();'] });
  const all = [v1, review, v2];
  const trailers = (...ids: string[]) => `x\n\n${ids.map((id) => `Link: https://lore.kernel.org/r/${id}`).join('\n')}`;
  assert.deepEqual(linkOf(all, commit({ message: trailers('v1@x # v1', 'v2@x') })), ['v2@x', 'link']);
  assert.deepEqual(linkOf(all, commit({ message: trailers('review@x', 'v2@x') })), ['v2@x', 'link']);
  assert.deepEqual(linkOf(all, commit({ message: trailers('v2@x', 'review@x') })), ['v2@x', 'link']);
  // versions alike in the file, both named: the later trailer (the one added when it was applied)
  const v2same = msg('v2same@x', { subject: '[PATCH v2] mm/hmm: something', date: T + 2 * DAY, added: ['a0();'], removed: ['b();'] });
  assert.deepEqual(linkOf([v1, v2same], commit({ added: ['a0();'], message: trailers('v1@x', 'v2same@x') })), ['v2same@x', 'link']);
});

test('linking: a subject alone is not enough where the content points to another thread', () => {
  const bySubject = msg('subj', { subject: '[PATCH] mm/hmm: something', added: ['zzz();'], removed: ['yyy();'] });
  // Dice 0.4 with the commit's change: not enough to link, enough to say the subject is not the story
  const partial = msg('partial', { subject: '[PATCH] mm/hmm: another thing', email: 'bob@x', added: ['a();', 'q();'], removed: ['w();'] });
  assert.deepEqual(linkOf([bySubject], commit({})), ['subj', 'subject']);
  assert.equal(linkOf([bySubject, partial], commit({})), null);
  // a reply quoting the subject is never the patch
  assert.equal(linkOf([msg('re', { subject: 'Re: [PATCH] mm/hmm: something' })], commit({})), null);
});

test('linking: a subject alone does not link to a thread whose patches change other files, never this one', () => {
  // the kernel series behind a library's commit of the same name: its patches change the kernel's files
  const cover = msg('cover@x', { subject: '[PATCHSET RFC 0/3] mm/hmm: something' });
  const kernel = msg('k1@x', {
    subject: '[PATCH 1/3] io_uring: the kernel side',
    refs: ['cover@x'],
    added: ['k();'],
    path: 'io_uring/rw.c',
  });
  assert.equal(linkOf([cover, kernel], commit({})), null);
  // a thread that changes this file too, unlike the commit (reworked when applied): the subject still links
  const reworked = msg('k2@x', { subject: '[PATCH 2/3] mm/hmm: the file', refs: ['cover@x'], added: ['zz();'], removed: ['yy();'] });
  assert.deepEqual(linkOf([cover, kernel, reworked], commit({})), ['cover@x', 'subject']);
  // a thread with no patch at all (a cover letter alone, an RFC in prose): the subject links, as before
  assert.deepEqual(linkOf([cover], commit({})), ['cover@x', 'subject']);
  // a port of this file kept in another tree (xfsprogs' libxfs/ from the kernel's fs/xfs/libxfs/) is this file
  const kernelSide = msg('k3@x', { subject: '[PATCH 3/3] mm/hmm: port', refs: ['cover@x'], added: ['zz();'], path: 'fs/xfs/mm/hmm.c' });
  assert.deepEqual(linkOf([cover, kernel, kernelSide], commit({})), ['cover@x', 'subject']);
  // a bare name is no such port: another folder's hmm.c is another file
  const bare = msg('k4@x', { subject: '[PATCH 3/3] other: hmm.c', refs: ['cover@x'], added: ['zz();'], path: 'other/hmm.c' });
  assert.equal(linkOf([cover, kernel, bare], commit({ path: 'hmm.c' })), null);
});

test('linking: a change of a few lines, partly alike, links by content only with the same author or subject', () => {
  // as on linux-btrfs: two features each adding a flag to one list share two of its three changed lines
  const change = { added: ['FLAG_QUOTA |', 'FLAG_REMAP)'], removed: ['FLAG_QUOTA)'] };
  const other = msg('other@x', {
    subject: '[PATCH 2/8] mm/hmm: add the encrypt flag',
    email: 'someone@else',
    name: 'Someone Else',
    added: ['FLAG_QUOTA |', 'FLAG_ENCRYPT)'],
    removed: ['FLAG_QUOTA)'],
  });
  assert.equal(linkOf([other], commit({ subject: 'mm/hmm: add the remap flag', ...change })), null);
  // the commit's author (by address, or by name from another address), or its subject: the content is taken
  assert.deepEqual(linkOf([{ ...other, email: 'jane@x' }], commit({ subject: 'mm/hmm: add the remap flag', ...change })), [
    'other@x',
    'patch',
  ]);
  assert.deepEqual(linkOf([other], commit({ subject: 'mm/hmm: add the remap flag', authorName: 'someone else', ...change })), [
    'other@x',
    'patch',
  ]);
  assert.deepEqual(linkOf([other], commit({ subject: 'mm/hmm: add the encrypt flag', ...change })), ['other@x', 'patch']);
  // the very lines: taken from anyone
  assert.deepEqual(
    linkOf([other], commit({ subject: 'mm/hmm: add the remap flag', added: ['FLAG_QUOTA |', 'FLAG_ENCRYPT)'], removed: ['FLAG_QUOTA)'] })),
    ['other@x', 'patch'],
  );
});

test('linking: a lore URL only mentioned in the body does not link to its thread', () => {
  const unrelated = msg('unrelated@x', { subject: '[PATCH] mm: unrelated', added: ['u();'], removed: [], path: 'mm/migrate.c' });
  assert.equal(
    linkOf([unrelated], commit({ subject: 'mm: cleanup', message: 'mm: cleanup\n\n[1]: https://lore.kernel.org/all/unrelated@x/' })),
    null,
  );
});

test('linking: a Link to a bug report (no patch in its thread) gives way to the patch found by content, and is the answer without one', () => {
  const report = msg('report@x', { subject: 'BUG: hmm crashes' });
  const patch = msg('fix@x', { subject: '[PATCH] mm/hmm: fix the crash', date: T + DAY, added: ['a();'], removed: ['b();'] });
  const message =
    'mm/hmm: fix the crash\n\nReported-by: R <r@x>\nCloses: https://lore.kernel.org/r/report@x/\nLink: https://lore.kernel.org/r/fix@x';
  assert.deepEqual(linkOf([report, patch], commit({ message })), ['fix@x', 'link']);
  const closesOnly = 'mm/hmm: fix the crash\n\nCloses: https://lore.kernel.org/r/report@x/';
  assert.deepEqual(linkOf([report, patch], commit({ message: closesOnly })), ['fix@x', 'patch']);
  assert.deepEqual(linkOf([report], commit({ message: closesOnly })), ['report@x', 'link']);
  // a diff posted in a reply of the linked thread, when the thread has no other
  const inline = msg('inline@x', { subject: 'Re: BUG: hmm crashes', refs: ['report@x'], added: ['a();'], removed: ['b();'] });
  assert.deepEqual(linkOf([report, inline], commit({ message: closesOnly })), ['inline@x', 'link']);
});

test("linking: a subject shortened (or lengthened) when applied links to the author's patch to this file, on no weaker terms", () => {
  // as on the LTP list: "lib: Retry safe_clone() on ENOSPC|EUSERS" (v1, v2) applied reworked as "… on ENOSPC"
  const posted = { added: ['/* too fast: retry */', 'RETRY_BACKOFF(x, ENOSPC || EUSERS)'], removed: ['clone(x)'] };
  const applied = { added: ['/* retry */', 'RETRY(x, ENOSPC)'], removed: ['clone(x)'] };
  const v1 = msg('v1', { subject: '[PATCH 1/1] mm/hmm: retry the fault on ENOSPC|EUSERS', date: T, ...posted });
  const v2 = msg('v2', { subject: '[PATCH v2 1/1] mm/hmm: retry the fault on ENOSPC|EUSERS', date: T + 3 * DAY, ...posted });
  const c = commit({ subject: 'mm/hmm: retry the fault on ENOSPC', ...applied });
  assert.deepEqual(linkOf([v1, v2], c), ['v2', 'subject']);
  // the maintainer's words added instead: the same
  assert.deepEqual(linkOf([v1, v2], commit({ subject: 'mm/hmm: retry the fault on ENOSPC|EUSERS and EAGAIN', ...applied })), [
    'v2',
    'subject',
  ]);
  // the subsystem put in front when applied: the same
  const bare = msg('bare', { subject: '[PATCH 1/2] retry the fault on ENOSPC', date: T + 3 * DAY, ...posted });
  assert.deepEqual(linkOf([bare], commit({ subject: 'mm/hmm: retry the fault on ENOSPC', ...applied })), ['bare', 'subject']);
  // not the author's patch, or a subject too short to tell, or words that differ inside: no link
  assert.equal(linkOf([{ ...v2, email: 'bob@x', name: 'Bob' }], c), null);
  assert.equal(
    linkOf([msg('short', { subject: '[PATCH] mm/hmm: retry it', ...posted })], commit({ subject: 'mm/hmm: retry', ...applied })),
    null,
  );
  assert.equal(linkOf([v2], commit({ subject: 'mm/hmm: retry the walk on ENOSPC', ...applied })), null);
  assert.equal(linkOf([v2], commit({ subject: 'mm/hmm: retry a fault on ENOSPC|EUSERS', ...applied })), null);
  // content that points to another thread outranks the subject
  const other = msg('other', {
    subject: '[PATCH] mm/hmm: something else',
    email: 'bob@x',
    ...applied,
    added: ['RETRY(x, ENOSPC)', 'q();'],
  });
  assert.equal(linkOf([v2, other], c), null);
  // a posting to another file under the subject is not this commit's patch
  assert.equal(linkOf([{ ...v2, files: [{ ...v2.files![0]!, path: 'mm/other.c' }] }], c), null);
});
