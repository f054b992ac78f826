import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Mailmap } from '../../main/mailmap/mailmap';
import { openRepository } from '../../main/repository/repository';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { blame } from '../../main/services/blame';
import { commitDetails } from '../../main/services/fileVersions';
import { lineHistory } from '../../main/services/lineHistory';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

// every form gitmailmap(5) gives, and the cases where git's reading is particular: case, a later line, a
// name-specific line beside a plain one, an empty commit address, text after the last ">", comments
const MAILMAP = [
  '# a comment line',
  'Proper One <one@example.org>',
  '<two-new@example.org> <two@example.org>',
  'Proper Three <three-new@example.org> <three@example.org>',
  'Proper Four <four-new@example.org> Commit Four <four@example.org>',
  'Plain Four <four@example.org>',
  'Later One <ONE@example.org>   # the later line for the same address wins',
  'Nobody <nobody@example.org> <>',
  'Jérôme Proper <jp@example.org> <jerome@example.org>',
  'not a mapping line',
  '<> <empty-proper@example.org>',
  '',
].join('\n');

const PEOPLE = [
  'Someone <one@example.org>',
  'Someone <One@Example.org>',
  'Two <two@example.org>',
  'Three <three@example.org>',
  'Commit Four <four@example.org>',
  'COMMIT FOUR <four@example.org>',
  'Another Four <four@example.org>',
  'Empty <>',
  'Jerome <jerome@example.org>',
  'Stranger <stranger@example.org>',
  'Empty Proper <empty-proper@example.org>',
];

test('the mailmap maps each identity as git check-mailmap does', () => {
  const dir = tmpDir('mailmap-parse');
  execFileSync('git', ['init', '-q', dir]);
  fs.writeFileSync(path.join(dir, '.mailmap'), MAILMAP);
  const map = Mailmap.parse(MAILMAP);
  for (const who of PEOPLE) {
    const want = git(dir, 'check-mailmap', who).trim();
    const m = /^(.*?) ?<(.*)>$/.exec(who)!;
    const got = map.map({ name: m[1]!, email: m[2]! }) ?? { name: m[1]!, email: m[2]! };
    assert.equal(`${got.name} <${got.email}>`, want, who);
  }
});

test('timelines, commit details, blame and -L name people as git log and git blame do, by the .mailmap; what the commit says is kept', async () => {
  const base = tmpDir('mailmap-repo');
  const dir = path.join(base, 'work');
  execFileSync('git', ['init', '-q', dir]);
  const commit = (who: string, email: string, line: string) => {
    fs.appendFileSync(path.join(dir, 'f.c'), `${line}\n`);
    git(dir, 'add', 'f.c');
    execFileSync('git', ['-C', dir, '-c', `user.name=${who}`, '-c', `user.email=${email}`, 'commit', '-qm', line]);
  };
  commit('Commit Four', 'four@example.org', 'int a;');
  commit('Two', 'two@example.org', 'int b;');
  commit('Stranger', 'stranger@example.org', 'int c;');
  // the working tree's .mailmap, not committed: git log reads it all the same
  fs.writeFileSync(path.join(dir, '.mailmap'), MAILMAP);
  const home = path.join(base, 'home');
  const repo = await openRepository({ dir, home });
  const timeline = await indexFileHistory({ repo, path: 'f.c' });
  const shown = git(dir, 'log', '--format=%aN <%aE>|%an <%ae>|%cN <%cE>', '--', 'f.c').trim().split('\n');
  assert.deepEqual(
    timeline.entries.map(
      (e) =>
        `${e.author.name} <${e.author.email}>|${(e.author.as ?? e.author).name} <${(e.author.as ?? e.author).email}>|${e.committer.name} <${e.committer.email}>`,
    ),
    shown,
  );
  assert.equal(timeline.entries[2]!.author.as?.email, 'four@example.org');
  assert.equal(timeline.entries[0]!.author.as, undefined, 'an unmapped person has no "as"');
  // the details pane and the Blame tab, as git show and git blame --porcelain name the author
  const first = timeline.entries[2]!.oid;
  assert.equal((await commitDetails({ repo, oid: first })).author.name, git(dir, 'show', '-s', '--format=%aN', first).trim());
  const blamed = await blame({ repo, path: 'f.c' });
  const porcelain = git(dir, 'blame', '--porcelain', '--', 'f.c');
  for (const [oid, c] of Object.entries(blamed.commits)) {
    const m = new RegExp(`^${oid} [\\s\\S]*?^author (.*)$`, 'm').exec(porcelain);
    assert.equal(c.author.name, m?.[1], oid);
  }
  // git blame --porcelain: author and committer through the .mailmap, as git prints them
  const viaCli = await runCli(['blame', '--repo', dir, '--path', 'f.c', '--porcelain']);
  assert.equal(viaCli.out, git(dir, 'blame', '--porcelain', 'HEAD', '--', 'f.c'));
  const lines = await lineHistory({ repo, path: 'f.c', lines: { start: 1, end: 1 } });
  assert.equal(lines.commits[0]!.author.name, 'Proper Four');
  // a stored timeline is mapped by the .mailmap of now: changing it needs no new index
  fs.writeFileSync(path.join(dir, '.mailmap'), 'Renamed Two <two@example.org>\n');
  const again = await indexFileHistory({ repo, path: 'f.c' });
  assert.equal(again.stats.source, 'disk');
  assert.deepEqual(
    again.entries.map((e) => e.author.name),
    git(dir, 'log', '--format=%aN', '--', 'f.c').trim().split('\n'),
  );
  // mailmap.file, read after the checkout's file (its lines win)
  const extra = path.join(base, 'extra-mailmap');
  fs.writeFileSync(extra, 'File Named <stranger@example.org>\nFile Two <two@example.org>\n');
  git(dir, 'config', 'mailmap.file', extra);
  const withFile = await indexFileHistory({ repo, path: 'f.c' });
  assert.deepEqual(
    withFile.entries.map((e) => `${e.author.name} <${e.author.email}>`),
    git(dir, 'log', '--format=%aN <%aE>', '--', 'f.c').trim().split('\n'),
  );
  assert.ok(withFile.entries.some((e) => e.author.name === 'File Named'));
  git(dir, 'config', '--unset', 'mailmap.file');
  repo.close();

  // a bare repository reads HEAD:.mailmap, as git does
  fs.writeFileSync(path.join(dir, '.mailmap'), MAILMAP);
  git(dir, 'add', '.mailmap');
  execFileSync('git', ['-C', dir, '-c', 'user.name=Two', '-c', 'user.email=two@example.org', 'commit', '-qm', 'mailmap']);
  const bare = path.join(base, 'bare.git');
  execFileSync('git', ['clone', '-q', '--bare', dir, bare]);
  const bareRepo = await openRepository({ dir: bare, home });
  const bareTimeline = await indexFileHistory({ repo: bareRepo, path: 'f.c' });
  assert.deepEqual(
    bareTimeline.entries.map((e) => `${e.author.name} <${e.author.email}>`),
    git(bare, 'log', '--format=%aN <%aE>', '--', 'f.c').trim().split('\n'),
  );
  bareRepo.close();
});
