import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitWebUrl, issueWebUrl } from '../../shared/repoWebView';
import { isAllowedExternalLink } from '../../shared/api';

const OID = '0123456789abcdef0123456789abcdef01234567';

const cases: [origin: string | null, url: string | null][] = [
  [
    'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git',
    `https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=${OID}`,
  ],
  [
    'git://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git',
    `https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/commit/?id=${OID}`,
  ],
  ['https://git.kernel.org/pub/scm/git/git', `https://git.kernel.org/pub/scm/git/git.git/commit/?id=${OID}`],
  ['https://github.com/git/git.git', `https://github.com/git/git/commit/${OID}`],
  ['https://github.com/curl/curl/', `https://github.com/curl/curl/commit/${OID}`],
  ['git@github.com:openzfs/zfs.git', `https://github.com/openzfs/zfs/commit/${OID}`],
  ['ssh://git@github.com/openzfs/zfs.git', `https://github.com/openzfs/zfs/commit/${OID}`],
  ['https://gitlab.com/group/sub/project.git', `https://gitlab.com/group/sub/project/-/commit/${OID}`],
  ['git@gitlab.com:group/project.git', `https://gitlab.com/group/project/-/commit/${OID}`],
  // unknown hosts, local paths, nonsense: no web view
  ['https://example.org/x.git', null],
  ['/srv/git/linux.git', null],
  ['C:\\repos\\linux', null],
  ['https://github.com/only-owner', null],
  ['https://github.com/a/b/../../evil', null],
  ['', null],
  [null, null],
];

test('commitWebUrl: the web view of a commit from the origin remote, for git.kernel.org, GitHub and GitLab', () => {
  for (const [origin, url] of cases) {
    assert.equal(commitWebUrl(origin, OID), url, `origin ${origin}`);
    if (url) assert.ok(isAllowedExternalLink(url), `${url} passes the openExternal allow-list`);
  }
  assert.equal(commitWebUrl('https://github.com/a/b', 'not-an-oid'), null);
});

test("issueWebUrl: an issue a trailer names by number, on the origin's GitHub or GitLab tracker", () => {
  const cases: [origin: string | null, ref: { repo?: string; number: number }, url: string | null][] = [
    ['https://github.com/openzfs/zfs.git', { number: 14538 }, 'https://github.com/openzfs/zfs/issues/14538'],
    ['git@github.com:util-linux/util-linux.git', { number: 4537 }, 'https://github.com/util-linux/util-linux/issues/4537'],
    // another repository's issue (bcc's `Ref: iovisor/bcc#778`)
    ['https://github.com/a/b', { repo: 'iovisor/bcc', number: 778 }, 'https://github.com/iovisor/bcc/issues/778'],
    ['https://gitlab.com/group/sub/project.git', { number: 7 }, 'https://gitlab.com/group/sub/project/-/issues/7'],
    // no tracker, or nonsense: no address
    ['https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git', { number: 1 }, null],
    ['/srv/git/x.git', { number: 1 }, null],
    [null, { number: 1 }, null],
    ['https://github.com/only-owner', { number: 1 }, null],
    ['https://github.com/a/b', { repo: '../evil', number: 1 }, null],
    ['https://github.com/a/b', { repo: 'a/..', number: 1 }, null],
    ['https://github.com/a/b', { number: 0 }, null],
  ];
  for (const [origin, ref, url] of cases) {
    assert.equal(issueWebUrl(origin, ref), url, `${origin} ${JSON.stringify(ref)}`);
    if (url) assert.ok(isAllowedExternalLink(url), `${url} passes the openExternal allow-list`);
  }
});
