import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitWebUrl } from '../../shared/repoWebView';
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
