import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainlineRelease, placeLabels, LABEL_CHAR_PX, SELECTED_CHAR_PX } from '../../renderer/src/timeline/releaseLabels';

test('the mainline release of a tag: -rc and maintenance tags count for their release where it is tagged', () => {
  const kernel = new Set(['v4.14', 'v4.14.3', 'v5.0-rc3', 'v5.0', 'v6.9-rc1']);
  const git = new Set(['v2.4.0', 'v2.4.5', 'v2.5.0-rc0', 'v2.5.0', 'v2.7.0-rc0']);
  const curl = new Set([
    'curl-7_6',
    'curl_7_6-pre3',
    'curl-7_13_0',
    'curl-7_13_1',
    'tiny-curl-8_4_0',
    'curl-8_22_0',
    'rc-8_22_0-2',
    'rc-8_23_0-1',
  ]);
  const zfs = new Set(['zfs-0.6.0', 'zfs-0.6.5.11', 'zfs-2.1.0', 'zfs-2.1.14', 'zfs-2.2.0-rc4', 'zfs-2.2.0']);
  // vim tags every patch: v9.1.0972 shipped in 9.1, tagged v9.1.0000 (and 9.2 also as v9.2.0)
  const vim = new Set([
    'v7.4',
    'v7.4.001',
    'v8.0.0000',
    'v8.0.1215',
    'v9.1.0000',
    'v9.1.0972',
    'v9.2.0',
    'v9.2.0000',
    'v9.2.0972',
    'v9.3.0001',
  ]);
  const redis = new Set(['7.4-rc1', '7.4-rc2', '7.4.0', '7.4.1', '8.0-m01', '8.0-m02', '8.0.0', '8.2-m01']);
  const openssh = new Set(['V_1_2_PRE13', 'V_1_2_3', 'V_3_7_P1', 'V_3_7_1_P1', 'V_3_7_1_P2', 'V_9_8_P1', 'V_9_8_P2', 'V_9_9_P2']);
  const rdma = new Set(['rdma-core-12', 'rdma-core-12-rc2', 'v12', 'v12-rc2', 'v16', 'v16.3', 'v17-rc1', 'v24', 'v24.0', 'v24.1']);
  const nvme = new Set(['v2.16', 'v3.0-a.1', 'v3.0-b.5', 'v3.0-rc1', 'v3.0']);
  const libevent = new Set(['release-1.4.14-stable', 'release-1.4.14b-stable', 'release-2.0.19-stable', 'release-2.0.23-beta']);
  const tmux = new Set(['3.0', '3.0a', '3.1', '3.1a', '3.1b', '3.1c', '3.6a', '3.6b']);
  const openssl = new Set(['OpenSSL_0_9_8', 'OpenSSL_0_9_8z', 'OpenSSL_0_9_8zh', 'OpenSSL_1_0_2', 'OpenSSL_1_0_2u']);
  const utilLinux = new Set(['v2.40', 'v2.40.1', 'v2.41-devel', 'v2.41-start', 'v2.41-rc1', 'v2.41']);
  const cases: [string, ReadonlySet<string>, string][] = [
    ['v4.14', kernel, 'v4.14'],
    ['v4.14.3', kernel, 'v4.14'],
    ['v5.0-rc3', kernel, 'v5.0'],
    ['v6.9-rc1', kernel, 'v6.9-rc1'], // its release is not out: named as it is
    ['v2.4.5', git, 'v2.4.0'],
    ['v2.5.0-rc0', git, 'v2.5.0'],
    ['v2.7.0-rc0', git, 'v2.7.0-rc0'],
    ['unreleased', git, 'unreleased'],
    ['release-2024', git, 'release-2024'],
    // other projects' spellings: curl's underscores and its pre-releases named unlike the release, openzfs's
    ['curl-7_13_1', curl, 'curl-7_13_0'],
    ['curl-7_13_0', curl, 'curl-7_13_0'],
    ['curl_7_6-pre3', curl, 'curl-7_6'],
    ['rc-8_22_0-2', curl, 'curl-8_22_0'],
    ['rc-8_23_0-1', curl, 'rc-8_23_0-1'], // its release is not out
    ['tiny-curl-8_4_0', curl, 'tiny-curl-8_4_0'],
    ['before_ftp_statemachine', curl, 'before_ftp_statemachine'],
    ['zfs-2.2.0-rc4', zfs, 'zfs-2.2.0'],
    ['zfs-2.1.14', zfs, 'zfs-2.1.0'],
    ['zfs-0.6.5.11', zfs, 'zfs-0.6.0'],
    ['v7.4.001', vim, 'v7.4'],
    ['v8.0.1215', vim, 'v8.0.0000'],
    ['v8.0.0000', vim, 'v8.0.0000'],
    ['v9.1.0972', vim, 'v9.1.0000'],
    ['v9.2.0972', vim, 'v9.2.0'],
    ['v9.2.0000', vim, 'v9.2.0'],
    ['v9.3.0001', vim, 'v9.3.0001'], // no 9.3 release tagged
    ['v1.2-stable', kernel, 'v1.2-stable'], // a release said to be stable (libevent's spelling): no v1 here to belong to
    ['release-2.0.19-stable', libevent, 'release-2.0.19-stable'],
    ['v2.6.19-061214', new Set(['v2.6.19-061214', 'v2.6.24-rc4']), 'v2.6.19-061214'], // iproute2's dated releases: their own
    ['release-1.4.14b-stable', libevent, 'release-1.4.14-stable'],
    // redis's milestones and util-linux's marks of a cycle's start belong to the release they lead to
    ['8.0-m01', redis, '8.0.0'],
    ['8.0-m02', redis, '8.0.0'],
    ['7.4-rc2', redis, '7.4.0'],
    ['7.4.1', redis, '7.4.0'],
    ['8.2-m01', redis, '8.2-m01'], // its release is not out
    ['v2.41-devel', utilLinux, 'v2.41'],
    ['v2.41-start', utilLinux, 'v2.41'],
    ['v2.40.1', utilLinux, 'v2.40'],
    // OpenSSH's portable releases: a later packaging, or a patch release, belongs to the version's first
    ['V_9_8_P1', openssh, 'V_9_8_P1'],
    ['V_9_8_P2', openssh, 'V_9_8_P1'],
    ['V_3_7_1_P1', openssh, 'V_3_7_P1'],
    ['V_3_7_1_P2', openssh, 'V_3_7_P1'],
    ['V_9_9_P2', openssh, 'V_9_9_P2'], // its first is not tagged
    ['V_1_2_PRE13', openssh, 'V_1_2_PRE13'],
    // rdma-core's releases are one number, its stable updates a second; nvme-cli's alphas and betas
    ['v16', rdma, 'v16'],
    ['v16.3', rdma, 'v16'],
    ['v24.1', rdma, 'v24'], // (v4.14 is no maintenance release of a v4.0: a second number alone says nothing)
    ['v12-rc2', rdma, 'v12'],
    ['rdma-core-12-rc2', rdma, 'rdma-core-12'],
    ['v17-rc1', rdma, 'v17-rc1'], // its release is not out
    ['v3.0-a.1', nvme, 'v3.0'],
    ['v3.0-b.5', nvme, 'v3.0'],
    // tmux's lettered releases belong to their version; OpenSSL's to its version's line
    ['3.1a', tmux, '3.1'],
    ['3.1c', tmux, '3.1'],
    ['3.1', tmux, '3.1'],
    ['3.6b', tmux, '3.6b'], // 3.6 is not tagged here
    ['OpenSSL_1_0_2u', openssl, 'OpenSSL_1_0_2'],
    ['OpenSSL_0_9_8zh', openssl, 'OpenSSL_0_9_8'],
  ];
  for (const [tag, known, want] of cases) assert.equal(mainlineRelease(tag, known), want, tag);
});

test('labels: one-commit releases named where there is room, none overlapping or under the zoom buttons, the selected one always', () => {
  const w = (tag: string) => tag.length * LABEL_CHAR_PX;
  // three one-commit releases far apart: each is named although its band is 6 px wide
  const apart = placeLabels(
    [
      { tag: 'v4.20', x1: 100, x2: 106 },
      { tag: 'v5.0', x1: 300, x2: 306 },
      { tag: 'v5.1', x1: 500, x2: 506 },
    ],
    1000,
    null,
    [],
  );
  assert.deepEqual([...apart.keys()], ['v4.20', 'v5.0', 'v5.1']);
  // crowded: every other one fits; the labels never overlap
  const crowded = Array.from({ length: 40 }, (_, i) => ({ tag: `v5.${i}`, x1: i * 20, x2: i * 20 + 6 }));
  const onFirst = (m: ReturnType<typeof placeLabels>) => [...m].filter(([, p]) => p.row === 0).map(([tag, p]) => [tag, p.x] as const);
  const placed = onFirst(placeLabels(crowded, 800, null, [[700, 800]]));
  assert.ok(placed.length > 5 && placed.length < 40, `${placed.length} labels`);
  for (let i = 1; i < placed.length; i++) assert.ok(placed[i]![1] >= placed[i - 1]![1] + w(placed[i - 1]![0]), 'apart');
  for (const [tag, x] of placed) assert.ok(x + w(tag) <= 700, `${tag} clear of the zoom buttons`);
  // the selected release is named even where the crowd would leave it out, and the others make room
  const withSelected = placeLabels(crowded, 800, 'v5.1', [[700, 800]]);
  assert.ok(withSelected.has('v5.1'));
  assert.ok(!withSelected.has('v5.0') && !withSelected.has('v5.2'), 'neighbours that would overlap it are left out');
  // selected under the zoom buttons: on the second line, below them, at its band
  const right = placeLabels([{ tag: 'v6.8', x1: 760, x2: 790 }], 800, 'v6.8', [[700, 800]]);
  assert.deepEqual(right.get('v6.8'), { x: 763, row: 1 });
  // off screen: not named
  assert.equal(placeLabels([{ tag: 'v1.0', x1: -200, x2: -150 }], 800, null, []).size, 0);
});

test('labels: the selected release under the zoom buttons hides none of the releases before it (util-linux: v2.41, v2.42, then unreleased work)', () => {
  const bands = [
    { tag: 'v2.40', x1: 1120, x2: 1175 },
    { tag: 'v2.41', x1: 1180, x2: 1250 },
    { tag: 'v2.42', x1: 1255, x2: 1318 },
    { tag: 'unreleased', x1: 1320, x2: 1346 },
  ];
  const placed = placeLabels(bands, 1372, 'unreleased', [[1272, 1372]]);
  assert.deepEqual([...placed.keys()].sort(), ['unreleased', 'v2.40', 'v2.41', 'v2.42']);
  assert.deepEqual(placed.get('v2.41'), { x: 1183, row: 0 });
  // the selected one and the one the buttons would cover go below them, each at its band, apart
  assert.equal(placed.get('unreleased')!.row, 1);
  assert.equal(placed.get('v2.42')!.row, 1);
  assert.ok(placed.get('v2.42')!.x + 'v2.42'.length * LABEL_CHAR_PX <= placed.get('unreleased')!.x);
  assert.ok(placed.get('unreleased')!.x + 'unreleased'.length * SELECTED_CHAR_PX <= 1372, 'within the axis, bold as it is');
  // with nothing selected the same: the first line is clear of the buttons
  const none = placeLabels(bands, 1372, null, [[1272, 1372]]);
  for (const [tag, p] of none) if (p.row === 0) assert.ok(p.x + tag.length * LABEL_CHAR_PX <= 1272, tag);
});
