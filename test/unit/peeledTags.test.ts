import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openRepository } from '../../main/repository/repository';
import { peeledTags } from '../../main/objects/resolveRevision';
import { tmpDir } from '../fixtures/generateRepo';

const git = (dir: string, args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z' },
  }).trim();

/** What git peels each tag to (`%(*objectname)` for annotated ones), for the tags that end at a commit. */
function gitPeeled(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const rows = git(dir, [
    'for-each-ref',
    '--format=%(refname:strip=2) %(objectname) %(objecttype) %(*objectname) %(*objecttype)',
    'refs/tags',
  ]);
  for (const row of rows.split('\n')) {
    const [name, oid, type, peeled, peeledType] = row.split(' ');
    // git's %(*…) peels one level: a tag of a tag is followed here too
    let target = type === 'tag' ? peeled! : oid!;
    let targetType = type === 'tag' ? peeledType! : type!;
    while (targetType === 'tag') {
      target = git(dir, ['rev-parse', `${target}^{}`]);
      targetType = git(dir, ['cat-file', '-t', target]);
    }
    if (targetType === 'commit') out.set(name!, target);
  }
  return out;
}

/**
 * A clone's tags are packed with what each peels to (packed-refs' `^` lines): the timeline's release grouping takes
 * them from there, reading only the peeled object's type from the pack, not every tag object (vim's 20,000 tags:
 * 224 ms at the first open). Tags of trees and blobs stay out; a tag moved since packing is read, not trusted.
 */
test('tags peel as git peels them, from packed-refs without reading the tag objects where it says', async () => {
  const dir = tmpDir('peeled-tags');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  git(dir, ['config', 'user.name', 'A']);
  git(dir, ['config', 'user.email', 'a@example.org']);
  const commits: string[] = [];
  for (let i = 0; i < 4; i++) {
    fs.writeFileSync(path.join(dir, 'f.c'), `version ${i}\n`);
    git(dir, ['add', 'f.c']);
    git(dir, ['commit', '-qm', `c${i}`]);
    commits.push(git(dir, ['rev-parse', 'HEAD']));
  }
  for (let i = 0; i < 30; i++) git(dir, ['tag', '-a', '-m', `release ${i}`, `v${i}`, commits[i % 4]!]);
  git(dir, ['tag', 'light', commits[1]!]);
  git(dir, ['tag', '-a', '-m', 'of a tag', 'nested', 'v3']);
  git(dir, ['tag', '-a', '-m', 'a tree', 'tree-tag', `${commits[2]}^{tree}`]);
  git(dir, ['tag', 'light-tree', `${commits[0]}^{tree}`]);
  git(dir, ['gc', '-q']);
  assert.match(fs.readFileSync(path.join(dir, '.git', 'packed-refs'), 'utf8'), /^# pack-refs with:.*peeled/);
  // moved after packing: the loose ref is newer than packed-refs' line and its ^ line
  git(dir, ['tag', '-f', '-a', '-m', 'moved', 'v5', commits[3]!]);

  const repo = await openRepository({ dir, home: tmpDir('peeled-tags-home') });
  try {
    const store = repo.store as typeof repo.store & { readObject: typeof repo.store.readObject };
    const read = store.readObject.bind(store);
    const tagReads: string[] = [];
    store.readObject = async (oid: string) => {
      const obj = await read(oid);
      if (obj.type === 'tag') tagReads.push(oid);
      return obj;
    };
    const tags = await peeledTags(repo);
    assert.deepEqual(new Map(tags.map((t) => [t.name, t.commit])), gitPeeled(dir));
    // only the moved tag is read: every other one is peeled by packed-refs
    assert.deepEqual(tagReads, [git(dir, ['rev-parse', 'refs/tags/v5'])]);
  } finally {
    repo.close();
  }
});
