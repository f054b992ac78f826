import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { findTreeEntry, parseTree } from '../../main/objects/parseTree';
import { tmpDir } from '../fixtures/generateRepo';

test('findTreeEntry finds every name of a tree git wrote as parseTree reads it, and nothing for a near name', () => {
  const dir = tmpDir('parse-tree');
  execFileSync('git', ['init', '-q', '--bare', dir]);
  const blob = execFileSync('git', ['-C', dir, 'hash-object', '-w', '--stdin'], { input: 'x\n', encoding: 'utf8' }).trim();
  const sub = execFileSync('git', ['-C', dir, 'mktree'], { input: `100644 blob ${blob}\tf\n`, encoding: 'utf8' }).trim();
  // prefixes of each other, a space inside a name, UTF-8, a link, an executable, a subtree named like a file's prefix
  const names = ['m', 'mm', 'mm.c', 'mm x', 'mmm', 'héllo', 'a b c', 'z'];
  const listing = [
    ...names.map((n) => `100644 blob ${blob}\t${n}`),
    `100755 blob ${blob}\trun`,
    `120000 blob ${blob}\tlink`,
    `040000 tree ${sub}\tm-dir`,
  ].join('\n');
  const tree = execFileSync('git', ['-C', dir, 'mktree'], { input: `${listing}\n`, encoding: 'utf8' }).trim();
  const data = execFileSync('git', ['-C', dir, 'cat-file', 'tree', tree]);
  const entries = parseTree(data);
  assert.equal(entries.length, names.length + 3);
  for (const e of entries) assert.deepEqual(findTreeEntry(data, e.name), e);
  for (const near of ['', 'mm.', 'mmmm', 'hello', 'a b', 'mm x ', 'm-di', 'm-dir/f', 'zz'])
    assert.equal(findTreeEntry(data, near), null, near);
  assert.equal(findTreeEntry(new Uint8Array(0), 'mm'), null);
  assert.throws(() => findTreeEntry(data.subarray(0, data.length - 21), 'zz'), /malformed tree/);
});
