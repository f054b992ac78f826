import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersionTags, versionOrderOf, versionTag } from '../../shared/versionOrder';

test('release tags sort as versions', () => {
  const tags = ['v5.0', 'v4.20', 'v5.0-rc1', 'v4.14', 'v5.0-rc10', 'v5.0-rc2', 'v5.10', 'v5.9', 'next-2020', 'v5.4.1'];
  assert.deepEqual([...tags].sort(compareVersionTags), [
    'v4.14',
    'v4.20',
    'v5.0-rc1',
    'v5.0-rc2',
    'v5.0-rc10',
    'v5.0',
    'v5.4.1',
    'v5.9',
    'v5.10',
    'next-2020',
  ]);
});

test("other projects' spellings sort as versions too, not by name: curl's, OpenSSH's, openzfs's, git's, redis's", () => {
  const sorted = (tags: string[]) => [...tags].sort(compareVersionTags);
  // by name, curl-7_10_0 came before curl-7_9_3 and a tag like before_ftp_statemachine before both
  assert.deepEqual(sorted(['curl-7_10_0', 'before_ftp_statemachine', 'curl-7_9_3', 'curl-7_9_3-pre1', 'curl-7_9_2', 'curl-8_0_0']), [
    'curl-7_9_2',
    'curl-7_9_3-pre1',
    'curl-7_9_3',
    'curl-7_10_0',
    'curl-8_0_0',
    'before_ftp_statemachine',
  ]);
  // by name, V_10_0_P1 came before V_6_2_P1: a commit of 2012 was "first in" a release of 2022
  assert.deepEqual(sorted(['V_10_0_P1', 'V_6_2_P1', 'PRE-REORDER', 'V_6_2_P2', 'V_1_2_PRE13', 'V_1_2_3', 'V_6_1_P1', 'V_3_7_1_P2']), [
    'V_1_2_PRE13',
    'V_1_2_3',
    'V_3_7_1_P2',
    'V_6_1_P1',
    'V_6_2_P1',
    'V_6_2_P2',
    'V_10_0_P1',
    'PRE-REORDER',
  ]);
  assert.deepEqual(sorted(['zfs-0.6.5.11', 'zfs-2.2.0', 'zfs-0.6.5.9', 'zfs-2.2.0-rc4', 'zfs-0.7.0']), [
    'zfs-0.6.5.9',
    'zfs-0.6.5.11',
    'zfs-0.7.0',
    'zfs-2.2.0-rc4',
    'zfs-2.2.0',
  ]);
  assert.deepEqual(sorted(['v1.0rc2', 'v1.0.0', 'v0.99.9', 'v1.0rc1']), ['v0.99.9', 'v1.0rc1', 'v1.0rc2', 'v1.0.0']);
  // a cycle's start, its milestones or candidates, then the release
  assert.deepEqual(sorted(['8.0.0', '8.0-m02', '8.0-m01', '7.4.1']), ['7.4.1', '8.0-m01', '8.0-m02', '8.0.0']);
  assert.deepEqual(sorted(['v2.41', 'v2.41-rc1', 'v2.41-devel', 'v2.40.1']), ['v2.40.1', 'v2.41-devel', 'v2.41-rc1', 'v2.41']);
  assert.deepEqual(sorted(['v3.0-beta1', 'v3.0-rc1', 'v3.0-alpha2', 'v3.0']), ['v3.0-alpha2', 'v3.0-beta1', 'v3.0-rc1', 'v3.0']);
  // rdma-core: one number, then its stable updates; nvme-cli's a.N and b.N
  assert.deepEqual(sorted(['v16.1', 'v17-rc1', 'v16', 'debian/16.0-1', 'v12-rc2', 'v15.10', 'v15.9']), [
    'v12-rc2',
    'v15.9',
    'v15.10',
    'v16',
    'v16.1',
    'v17-rc1',
    'debian/16.0-1',
  ]);
  // busybox: no prefix, underscores, pre-releases before release candidates (a commit of 1_00_pre4 was "first in 1_00_rc1")
  assert.deepEqual(sorted(['1_00', '1_00_rc1', '1_00_pre10', '1_00_pre2', '0_60_5', '1_00_rc2', '0_43pre1', '0_43', '1_1_0']), [
    '0_43pre1',
    '0_43',
    '0_60_5',
    '1_00_pre2',
    '1_00_pre10',
    '1_00_rc1',
    '1_00_rc2',
    '1_00',
    '1_1_0',
  ]);
  assert.deepEqual(sorted(['v3.0', 'v3.0-rc1', 'v3.0-b.5', 'v3.0-a.1', 'v2.16']), ['v2.16', 'v3.0-a.1', 'v3.0-b.5', 'v3.0-rc1', 'v3.0']);
  // lettered maintenance releases after their version, before the next (tmux's 3.1a…3.1c were tags of no version,
  // last: a commit of 3.0a was "first in 3.1"); OpenSSL's go on past z
  assert.deepEqual(sorted(['3.2', '3.1b', '3.0', '3.1', '3.0a', '3.1a', 'next-3.4', '3.2-rc', '3.1c']), [
    '3.0',
    '3.0a',
    '3.1',
    '3.1a',
    '3.1b',
    '3.1c',
    '3.2-rc',
    '3.2',
    'next-3.4',
  ]);
  // libevent's releases say they are stable: versions, not tags of no version after every beta (a commit of
  // release-2.0.19-stable was "first in" release-2.0.23-beta)
  assert.deepEqual(
    sorted([
      'release-2.0.23-beta',
      'release-2.0.19-stable',
      'release-1.4.14b-stable',
      'release-1.4.14-stable',
      'release-2.0.2-alpha@1379',
      'release-2.1.1-alpha',
    ]),
    [
      'release-1.4.14-stable',
      'release-1.4.14b-stable',
      'release-2.0.19-stable',
      'release-2.0.23-beta',
      'release-2.1.1-alpha',
      'release-2.0.2-alpha@1379',
    ],
  );
  // iproute2's releases dated after the kernel version they follow, by that date; other suffixes are no version
  assert.deepEqual(
    sorted(['v2.6.24-rc4', 'v2_6_10-050207', 'ss050607', 'v2.6.19-061214', 'v2_6_10-050124', 'v2_6_7-ss040608', 'v2.6.29-1']),
    ['v2_6_7-ss040608', 'v2_6_10-050124', 'v2_6_10-050207', 'v2.6.19-061214', 'v2.6.24-rc4', 'ss050607', 'v2.6.29-1'],
  );
  assert.deepEqual(sorted(['OpenSSL_1_0_2', 'OpenSSL_0_9_8zh', 'OpenSSL_0_9_8z', 'OpenSSL_0_9_8za', 'OpenSSL_0_9_8y', 'OpenSSL_1_0_2u']), [
    'OpenSSL_0_9_8y',
    'OpenSSL_0_9_8z',
    'OpenSSL_0_9_8za',
    'OpenSSL_0_9_8zh',
    'OpenSSL_1_0_2',
    'OpenSSL_1_0_2u',
  ]);
});

test('what is a version tag and what is not', () => {
  assert.deepEqual(versionTag('V_9_8_P1'), {
    prefix: 'V_',
    major: '9',
    minor: '8',
    patch: undefined,
    extra: undefined,
    sep: '_',
    pre: null,
    revision: 1,
    letter: 0,
  });
  assert.equal(versionTag('3.1a')?.letter, 27);
  assert.equal(versionTag('OpenSSL_0_9_8za')?.letter, 26 * 27 + 1);
  assert.deepEqual(versionTag('rc-8_22_0-2')?.pre, { rank: 4, n: 2 });
  assert.deepEqual(versionTag('v5.0-rc10')?.pre, { rank: 4, n: 10 });
  assert.deepEqual(versionTag('v12-rc2'), {
    prefix: 'v',
    major: '12',
    minor: undefined,
    patch: undefined,
    extra: undefined,
    sep: undefined,
    pre: { rank: 4, n: 2 },
    revision: null,
    letter: 0,
  });
  assert.deepEqual(versionTag('v3.0-a.1')?.pre, { rank: 1, n: 1 });
  assert.deepEqual(versionTag('1.0.0-alpha.2')?.pre, { rank: 1, n: 2 });
  for (const other of [
    'v2.6.11-tree',
    'PRE-REORDER',
    'junio-gpg-pub',
    'debian/50.0-1',
    'zfs-0.6.3-1.1',
    'AFTER_KRB5_GSSAPI_MERGE',
    'v2.0-abc',
    '3.1abc',
    'twitter-20100804',
    'next-20240105',
  ])
    assert.equal(versionTag(other), null, other);
});

test("one version tagged twice: the repository's usual spelling first", () => {
  const tags = ['rdma-core-12-rc2', 'v12-rc2', 'v13', 'v14', 'rdma-core-12', 'v12', 'v11.1'];
  assert.deepEqual([...tags].sort(versionOrderOf(tags)), ['v11.1', 'v12-rc2', 'rdma-core-12-rc2', 'v12', 'rdma-core-12', 'v13', 'v14']);
});
