import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { smallRepo } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { findReleases } from '../../main/services/findReleases';
import { listRefs } from '../../main/services/listRefs';

/**
 * Tags as curl and OpenSSH write them, on one line of history: each commit's release is the first version that
 * contains it (git tag --contains lists them all), whatever the names' order — by name, curl-7_10_0 comes before
 * curl-7_9_3, V_10_0_P1 before V_9_9_P1, and a tag that names no version before them all.
 */
test("a commit's release is the first version containing it, in curl's and OpenSSH's spellings", async () => {
  const { dir, git, write } = smallRepo('release-spellings', { clock: 1_600_000_000 });
  const commit = (n: number) => {
    write('f.c', `int v = ${n};\n`);
    git('add', 'f.c');
    git('commit', '-qm', `change ${n}`);
    return git('rev-parse', 'HEAD').trim();
  };
  const tags: [string, number][] = [
    ['before_ftp_statemachine', 0],
    ['curl-7_9_3-pre1', 1],
    ['curl-7_9_3', 2],
    ['curl-7_10_0', 3],
    ['V_9_9_P1', 4],
    ['V_9_9_P2', 5],
    ['V_10_0_P1', 6],
  ];
  const oids: string[] = [];
  for (const [tag, n] of tags) {
    oids.push(commit(n));
    git('tag', tag);
  }
  oids.push(commit(7)); // not released yet
  const { releases, refs } = await withRepository({ dir, home: path.join(path.dirname(dir), 'home') }, async (repo) => ({
    releases: await findReleases({ repo, path: 'f.c', follow: false }),
    refs: await listRefs(repo),
  }));
  // the ref picker: the newest version first, the tags that name none after them
  assert.deepEqual(
    refs.tags.map((t) => t.name),
    ['V_10_0_P1', 'V_9_9_P2', 'V_9_9_P1', 'curl-7_10_0', 'curl-7_9_3', 'curl-7_9_3-pre1', 'before_ftp_statemachine'],
  );
  assert.deepEqual(
    oids.map((oid) => releases[oid] ?? null),
    // the first commit: a version contains it, so the tag that names none is not its release
    ['curl-7_9_3-pre1', 'curl-7_9_3-pre1', 'curl-7_9_3', 'curl-7_10_0', 'V_9_9_P1', 'V_9_9_P2', 'V_10_0_P1', null],
  );
  // each is a tag git says contains the commit
  for (const [i, oid] of oids.entries())
    if (releases[oid]) assert.ok(git('tag', '--contains', oid).split('\n').includes(releases[oid]!), `${i}`);
});
