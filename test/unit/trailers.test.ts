import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStructuredTrailer, parseMessageFacts, syzbotReportUrl, trailerOfLine } from '../../shared/trailers';
import { isAllowedExternalLink } from '../../shared/api';

const trailerCases: [string, string, (f: ReturnType<typeof parseMessageFacts>) => void][] = [
  [
    'people',
    'x\n\nSigned-off-by: A B <a@example.org>\nReviewed-by: "C, D" <c@example.org>\nAcked-by: E <e@example.org>\nTested-by: F <f@x>\nReported-by: G <g@x>\nSuggested-by: H <h@x>\nCo-developed-by: I <i@x>\n',
    (f) => {
      assert.deepEqual(
        f.trailers.map((t) => [t.key, t.name, t.email]),
        [
          ['Signed-off-by', 'A B', 'a@example.org'],
          ['Reviewed-by', 'C, D', 'c@example.org'],
          ['Acked-by', 'E', 'e@example.org'],
          ['Tested-by', 'F', 'f@x'],
          ['Reported-by', 'G', 'g@x'],
          ['Suggested-by', 'H', 'h@x'],
          ['Co-developed-by', 'I', 'i@x'],
        ],
      );
    },
  ],
  [
    'lowercase key and extra spaces',
    'x\n\nsigned-off-by:   A <a@x>  \n',
    (f) =>
      assert.deepEqual(
        f.trailers.map((t) => [t.key, t.email]),
        [['Signed-off-by', 'a@x']],
      ),
  ],
  [
    'Fixes with subject',
    'x\n\nFixes: 1234567890ab ("mm/hmm: use a structure")\n',
    (f) => assert.deepEqual(f.fixes, [{ oid: '1234567890ab', subject: 'mm/hmm: use a structure' }]),
  ],
  [
    "Fixes naming the commit as git describe does, its subject only quoted (strace's)",
    'x\n\nFixes: v6.11-46-g0e0d8682c "strace -p: diagnose EPERM (by tracer)"\nFixes: v7.0-rc1-3-gABCDEF12\nFixes: v5.4~106 "tests: check -DD"\nFixes: v5.4~106^2~3\nFixes: see v5.4~1\n',
    (f) => {
      assert.deepEqual(f.fixes, [{ oid: '0e0d8682c', subject: 'strace -p: diagnose EPERM (by tracer)' }, { oid: 'abcdef12' }]);
      // a name git describe --contains gives (a tag and steps back from it) is the repository's to resolve
      assert.deepEqual(f.fixesNamed, [{ rev: 'v5.4~106', subject: 'tests: check -DD' }, { rev: 'v5.4~106^2~3' }]);
      // what names no commit stays in the message
      assert.deepEqual(
        f.trailers.filter((t) => !isStructuredTrailer(t)).map((t) => t.value),
        ['see v5.4~1'],
      );
    },
  ],
  [
    // iproute2's: the id after the word commit, the id inside the parentheses, a typographic closing quote
    'Fixes written as prose, the id in the parentheses, typographic quotes',
    'x\n\nFixes: commit 9516823051ce ("ipaddress: Improve print_linkinfo()")\nFixes: ("f888f4e20534 tc: flower: Support matching ARP")\nFixes: 4fb4a10e120b1 ("ipaddress: Print IFLA_VF_QUERY_RSS_EN setting\u201d)\nFixes: 0123456789ab (\u201cmm: a (b) c\u201d)\nFixes: 0123456789ac \u201cquoted only\u201d trailing\nFixes: commits are hard\nFixes: "dd6fb0053 rebase -p: fix quoting"\n',
    (f) => {
      assert.deepEqual(f.fixes, [
        { oid: '9516823051ce', subject: 'ipaddress: Improve print_linkinfo()' },
        { oid: 'f888f4e20534', subject: 'tc: flower: Support matching ARP' },
        { oid: '4fb4a10e120b1', subject: 'ipaddress: Print IFLA_VF_QUERY_RSS_EN setting' },
        { oid: '0123456789ab', subject: 'mm: a (b) c' },
        { oid: '0123456789ac', subject: 'quoted only' },
        { oid: 'dd6fb0053', subject: 'rebase -p: fix quoting' },
      ]);
      assert.deepEqual(
        f.trailers.filter((t) => !isStructuredTrailer(t)).map((t) => t.value),
        ['commits are hard'],
      );
    },
  ],
  [
    // curl's Bug: and Ref:, strace's Resolves:, util-linux's References: are links too; issues named by number are
    // the origin's tracker's (btrfs-progs' Issue: #154, bcc's Ref: iovisor/bcc#778)
    'link-like trailers of other projects, issues by number',
    'x\n\nBug: https://github.com/curl/curl/issues/1\nRef: #10818\nResolves: https://bugzilla.redhat.com/2\nReferences: commit 1234567\nIssue: #154 and more\nRef: iovisor/bcc#778\nFixes: #9\nCloses: https://lore.kernel.org/r/x@y\nSee: #1\n',
    (f) => {
      assert.deepEqual(f.linkTrailers, [
        { key: 'Bug', url: 'https://github.com/curl/curl/issues/1' },
        { key: 'Resolves', url: 'https://bugzilla.redhat.com/2' },
        { key: 'Closes', url: 'https://lore.kernel.org/r/x@y' },
      ]);
      assert.deepEqual(
        f.links,
        f.linkTrailers.map((l) => l.url),
      );
      assert.deepEqual(
        f.issueRefs.map((r) => [r.key, r.repo ?? '', r.number]),
        [
          ['Ref', '', 10818],
          ['Issue', '', 154],
          ['Ref', 'iovisor/bcc', 778],
          ['Fixes', '', 9],
        ],
      );
      assert.deepEqual(f.fixes, []);
      // without a tracker to link them to, issues by number stay in the message with the prose
      assert.deepEqual(
        f.trailers.filter((t) => !isStructuredTrailer(t)).map((t) => t.value),
        ['#10818', 'commit 1234567', '#154 and more', 'iovisor/bcc#778', '#9'],
      );
    },
  ],
  ['Fixes without subject and uppercase hex', 'x\n\nFixes: ABCDEF123456\n', (f) => assert.deepEqual(f.fixes, [{ oid: 'abcdef123456' }])],
  ['Cc stable with comment', 'x\n\nCc: <stable@vger.kernel.org> # 5.4+\n', (f) => assert.equal(f.stable, true)],
  [
    'Link and Message-ID',
    'x\n\nLink: https://lore.kernel.org/r/20190312@x.org\nMessage-Id: <abc@y.org>\n',
    (f) => assert.deepEqual(f.links, ['https://lore.kernel.org/r/20190312@x.org', 'https://lore.kernel.org/r/abc@y.org']),
  ],
  [
    'stable backport, first style',
    'x\n\ncommit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nbody',
    (f) => assert.equal(f.upstream, '0123456789abcdef0123456789abcdef01234567'),
  ],
  [
    'stable backport, bracket style',
    'x\n\n[ Upstream commit 0123456789ABCDEF0123456789abcdef01234567 ]\n',
    (f) => assert.equal(f.upstream, '0123456789abcdef0123456789abcdef01234567'),
  ],
  [
    'maintainer note',
    'x\n\n[akpm@linux-foundation.org: fix build]\nSigned-off-by: A <a@x>',
    (f) => assert.deepEqual(f.notes, ['akpm@linux-foundation.org: fix build']),
  ],
  ['prose with a colon is not a trailer', 'x\n\nNote: this is prose.\nhttp: also prose\n', (f) => assert.deepEqual(f.trailers, [])],
  [
    // btrfs-progs 560f0713139b quotes the kernel commit it ports, its trailers indented
    "a quoted commit: its indented trailers are not this commit's",
    'Port a fix\n\ncommit 1234abcd\n Author: J <j@x>\n\n    Our set/get functions look at compat_flags.\n\n    Signed-off-by: J <j@x>\n    Signed-off-by: C <c@x>\n\nSigned-off-by: E <e@x>  \n',
    (f) => {
      assert.deepEqual(
        f.trailers.map((t) => `${t.key}: ${t.value}`),
        ['Signed-off-by: E <e@x>'],
      );
      assert.equal(trailerOfLine('    Signed-off-by: J <j@x>'), null);
      assert.equal(trailerOfLine('\tReviewed-by: J <j@x>'), null);
    },
  ],
  [
    // LTP 19d71005d7d0, 26f900a25564, 6d1083a4679e: no space after the colon, as git reads them too
    'no space after the colon',
    'x\n\nFixes:#1029\nLink:https://lore.kernel.org/ltp/20250425153046.63853-5-pvorel@suse.cz/\nSigned-off-by:jian yang <yangj@x>\nhttps://example.org/not-a-trailer\n',
    (f) => {
      assert.deepEqual(
        f.trailers.map((t) => `${t.key}: ${t.value}`),
        ['Fixes: #1029', 'Link: https://lore.kernel.org/ltp/20250425153046.63853-5-pvorel@suse.cz/', 'Signed-off-by: jian yang <yangj@x>'],
      );
      assert.equal(f.trailers[2]!.email, 'yangj@x');
      assert.deepEqual(f.links, ['https://lore.kernel.org/ltp/20250425153046.63853-5-pvorel@suse.cz/']);
    },
  ],
  ['CRLF message', 'x\r\n\r\nSigned-off-by: A <a@x>\r\n', (f) => assert.equal(f.trailers[0]?.email, 'a@x')],
  [
    // man-pages write links in angle brackets; util-linux and systemd fix issues by their address, or by number
    'links in angle brackets, issues fixed by address or by number',
    'x\n\nLink: <https://lore.kernel.org/r/abc@x.org>\nCloses: <https://github.com/o/r/issues/7>\nFixes: https://github.com/o/r/issues/4468\nFixes: #123\nCloses: see the thread\nBisected-by: B <b@x>\n',
    (f) => {
      assert.deepEqual(f.links, ['https://lore.kernel.org/r/abc@x.org', 'https://github.com/o/r/issues/7']);
      assert.deepEqual(f.fixedIssues, ['https://github.com/o/r/issues/4468']);
      assert.deepEqual(f.fixes, []);
      // what a view shows in fields of their own; the rest stays in the message
      assert.deepEqual(
        f.trailers.map((t) => [`${t.key}: ${t.value}`, isStructuredTrailer(t)]),
        [
          ['Link: <https://lore.kernel.org/r/abc@x.org>', true],
          ['Closes: <https://github.com/o/r/issues/7>', true],
          ['Fixes: https://github.com/o/r/issues/4468', true],
          ['Fixes: #123', false],
          ['Closes: see the thread', false],
          ['Bisected-by: B <b@x>', true],
        ],
      );
      assert.equal(trailerOfLine('bisected-by: B <b@x>')?.email, 'b@x');
      assert.equal(trailerOfLine('Note: prose'), null);
    },
  ],
];

for (const [name, input, check] of trailerCases) test(`trailers: ${name}`, () => check(parseMessageFacts(input)));

test("a commit's links open through the allow-list: lore, and b4's patch.msgid.link (most kernel commits since 2024); nothing else", () => {
  const f = parseMessageFacts(
    'x\n\nLink: https://patch.msgid.link/20240610-hmm-v2-1-abc@example.org\nLink: https://lore.kernel.org/r/1@x.org\nLink: https://example.org/p\nLink: https://patch.msgid.link.example.org/2@x\n',
  );
  assert.deepEqual(
    f.links.map((l) => [l, isAllowedExternalLink(l)]),
    [
      ['https://patch.msgid.link/20240610-hmm-v2-1-abc@example.org', true],
      ['https://lore.kernel.org/r/1@x.org', true],
      ['https://example.org/p', false],
      ['https://patch.msgid.link.example.org/2@x', false],
    ],
  );
  assert.equal(isAllowedExternalLink('http://patch.msgid.link/1@x'), false, 'https only');
});

test("syzbotReportUrl: syzbot's Reported-by address names its report on the dashboard, which the allow-list lets out", () => {
  const url = syzbotReportUrl('syzbot+2F1E3C3A3B0A2C3E9C9A@syzkaller.appspotmail.com');
  assert.equal(url, 'https://syzkaller.appspot.com/bug?extid=2f1e3c3a3b0a2c3e9c9a');
  assert.ok(isAllowedExternalLink(url!));
  assert.equal(syzbotReportUrl('syzbot@syzkaller.appspotmail.com'), null);
  assert.equal(syzbotReportUrl('syzbot+abc"><x@syzkaller.appspotmail.com'), null);
  assert.equal(syzbotReportUrl('someone+0123abcd@example.org'), null);
  assert.equal(syzbotReportUrl(undefined), null);
  for (const u of ['https://gitlab.freedesktop.org/drm/intel/-/issues/1', 'https://bugs.launchpad.net/bugs/1'])
    assert.ok(isAllowedExternalLink(u), u);
});
