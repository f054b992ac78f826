import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { effectiveConfigEntries, parseConfig, readEffectiveConfig } from '../../main/objects/configFile';
import { readConfigValue, readConfigValues } from '../../main/git/gitConfig';
import { tmpDir } from '../fixtures/generateRepo';

/** `git config --list -z`'s entries in order (a key without a value reads "true"). */
function listed(stdout: string): [string, string][] {
  return stdout
    .split('\0')
    .filter(Boolean)
    .map((e) => {
      const nl = e.indexOf('\n');
      return nl < 0 ? [e, 'true'] : [e.slice(0, nl), e.slice(nl + 1)];
    });
}

/** `git config --list` of a file, or null where git refuses it. */
function gitList(file: string): [string, string][] | null {
  const r = spawnSync('git', ['config', '--file', file, '--list', '-z'], { encoding: 'utf8' });
  return r.status === 0 ? listed(r.stdout) : null;
}

/** Runs `work` with `home` as the user's home, its ~/.gitconfig the only user config and no system config. */
async function withUserConfigIn<T>(home: string, work: () => T | Promise<T>): Promise<T> {
  const keys = ['HOME', 'GIT_CONFIG_NOSYSTEM', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL'] as const;
  const saved = keys.map((k) => process.env[k]);
  Object.assign(process.env, { HOME: home, GIT_CONFIG_NOSYSTEM: '1' });
  delete process.env.XDG_CONFIG_HOME;
  delete process.env.GIT_CONFIG_GLOBAL;
  try {
    return await work();
  } finally {
    keys.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
  }
}

/** A home of its own for a test of the user's config (no system file): the folder, a `conf` folder in it, and git run with them. */
function userConfigHome(name: string): { home: string; conf: string; git: (args: string[]) => SpawnSyncReturns<string> } {
  const home = path.join(tmpDir(name), 'home');
  const conf = path.join(home, 'conf');
  fs.mkdirSync(conf, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  delete env.XDG_CONFIG_HOME;
  delete env.GIT_CONFIG_GLOBAL;
  return { home, conf, git: (args) => spawnSync('git', args, { encoding: 'utf8', env }) };
}

/** Strata's entries of the config git sees for the repository at gitdir are `git config --list`'s (keys without case). */
function assertConfigAsGit(git: (args: string[]) => SpawnSyncReturns<string>, gitdir: string): void {
  const lower = (entries: [string, string][]) => entries.map(([k, v]) => [k.toLowerCase(), v]);
  const want = listed(git(['--git-dir', gitdir, 'config', '--list', '-z']).stdout);
  assert.deepEqual(lower(effectiveConfigEntries(gitdir)), lower(want), gitdir);
}

test('config files read as git config --list reads them: quotes, escapes, comments, continuations, subsections, CRLF', () => {
  const dir = tmpDir('config-parse');
  const file = path.join(dir, 'config');
  const cases = [
    '[core]\n\tbare = false\n\tabbrev = 12\n',
    '[Diff "Cpp"]\n\txfuncname = "^[ \\t]*#define (.*)$"\n',
    '[diff "x"]\n\txfuncname = ^a;b # a comment\n',
    '[a]\n\tk = "quoted ; not a comment" rest  # a comment\n',
    '[a]\n\tk =   spaced   out   \n',
    '[a]\n\tk = a\\\n  continued\n',
    '[a]\n\tk = tab\\tnew\\nline\\\\ and \\"q\\"\n',
    '[a.B]\n\tK\n',
    '[a "sub\\"q\\\\x"]\n\tk = 1\n',
    '[a] k = 1\n',
    '\uFEFF[a]\r\n\tk = crlf\r\n',
    '; top\n# top\n[a]\n\tk = v\n[b "s"]\n\tk = w\n[a]\n\tk = later\n',
    '[a]\n\tk = x\t\ty\n',
    '[a]\n\tk =\n\tj = ""\n',
  ];
  for (const text of cases) {
    fs.writeFileSync(file, text);
    assert.deepEqual(parseConfig(text), gitList(file), JSON.stringify(text));
  }
  // what git refuses (an unknown escape, an unclosed quote, a key followed by anything but "="): read up to that line
  for (const [text, before] of [
    ['[a]\n\tk = 1\n\tj = bad\\q\n\tl = 3\n', [['a.k', '1']]],
    ['[a]\n\tk = "unclosed\n\tj = 2\n', []],
    ['[a]\n\tk ; c\n\tj = 2\n', []],
  ] as const) {
    fs.writeFileSync(file, text);
    assert.equal(gitList(file), null, `git refuses ${JSON.stringify(text)}`);
    assert.deepEqual(parseConfig(text), before);
  }
});

test('generated config files (headers, keys, values of quotes, escapes, comments, continuations, CRLF) read as git reads them', () => {
  const dir = tmpDir('config-generated');
  const file = path.join(dir, 'config');
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
  const headers = ['[a]', '[b "s"]', '[c "x\\"y z"]', '[A.B]', '[Diff "Cpp"]', '[e "\\\\back"]', '[f]  # c', '[g] k = inline'];
  const pieces = [
    'v',
    'two words',
    ' ',
    '\t',
    '"',
    '"q ; #"',
    '\\n',
    '\\t',
    '\\b',
    '\\"',
    '\\\\',
    ' ;c',
    ' # c',
    '\\\n',
    '=',
    '[',
    ']',
    '\r',
  ];
  let compared = 0;
  for (let n = 0; n < 150; n++) {
    let text = '[a]\n';
    for (let i = Math.floor(random() * 6); i >= 0; i--) {
      const r = random();
      if (r < 0.25) text += `${pick(headers)}\n`;
      else if (r < 0.35) text += `${pick(['# comment', '; c', '', '   '])}\n`;
      else if (r < 0.45) text += `${pick(['\t', ''])}${pick(['k', 'Key', 'a-b'])}${pick(['', ' '])}\n`;
      else {
        text += `${pick(['\t', '', '  '])}${pick(['k', 'Key', 'a-b', 'x1'])}${pick([' = ', '=', ' =', '= '])}`;
        for (let j = Math.floor(random() * 5); j > 0; j--) text += pick(pieces);
        text += pick(['\n', '\r\n']);
      }
    }
    fs.writeFileSync(file, text);
    const want = gitList(file);
    if (want === null) continue; // git refuses it: see above for what is read then
    assert.deepEqual(parseConfig(text), want, JSON.stringify(text));
    compared++;
  }
  assert.ok(compared > 100, `${compared} files git reads`);
});

test("a repository's config value: its own over the user's, each read as git reads it", async () => {
  const dir = tmpDir('config-value');
  const gitdir = path.join(dir, 'repo.git');
  spawnSync('git', ['init', '-q', '--bare', gitdir]);
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.gitconfig'), '[diff]\n\talgorithm = patience\n[blame]\n\tignoreRevsFile = user-list\n');
  fs.appendFileSync(
    path.join(gitdir, 'config'),
    '[diff]\n\talgorithm = "histogram" ; the repository\'s\n[blame]\n\tignoreRevsFile = own\n',
  );
  await withUserConfigIn(home, async () => {
    const git = (key: string) => spawnSync('git', ['--git-dir', gitdir, 'config', key], { encoding: 'utf8' }).stdout.trim();
    assert.equal(await readConfigValue(gitdir, 'diff.algorithm'), git('diff.algorithm'));
    assert.equal(await readConfigValue(gitdir, 'Diff.Algorithm'), 'histogram');
    assert.deepEqual(await readConfigValues(gitdir, 'blame.ignoreRevsFile'), ['user-list', 'own']);
    assert.equal(await readConfigValue(gitdir, 'core.nosuchkey'), undefined);
  });
});

test('includes are followed as git follows them: include.path, includeIf gitdir:, gitdir/i: and onbranch:, relative to the including file', async () => {
  const { home, conf, git } = userConfigHome('config-includes');
  git(['init', '-q', '-b', 'main', path.join(home, 'work', 'r1')]);
  git(['init', '-q', '--bare', path.join(home, 'x', 'Other.git')]);
  git(['init', '-q', '-b', 'topic', path.join(home, 'x', 'plain')]);
  fs.writeFileSync(
    path.join(home, '.gitconfig'),
    [
      '[include]\n\tpath = conf/inc1',
      '[includeIf "gitdir:~/work/"]\n\tpath = ~/conf/work.inc',
      '[includeIf "gitdir/i:**/other.git"]\n\tpath = conf/other.inc',
      '[includeIf "gitdir:**/other.git"]\n\tpath = conf/never.inc',
      '[includeIf "onbranch:main"]\n\tpath = conf/branch.inc',
      '[includeIf "gitdir:x/plain/.git"]\n\tpath = conf/plain.inc',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(conf, 'inc1'), '[diff]\n\talgorithm = patience\n[include]\n\tpath = inc2\n');
  fs.writeFileSync(path.join(conf, 'inc2'), '[log]\n\tdate = iso\n');
  fs.writeFileSync(path.join(conf, 'work.inc'), '[diff]\n\talgorithm = histogram\n');
  fs.writeFileSync(path.join(conf, 'other.inc'), '[core]\n\tabbrev = 9\n');
  fs.writeFileSync(path.join(conf, 'never.inc'), '[core]\n\tabbrev = 10\n');
  fs.writeFileSync(path.join(conf, 'branch.inc'), '[core]\n\tabbrev = 11\n');
  fs.writeFileSync(path.join(conf, 'plain.inc'), '[core]\n\tabbrev = 12\n');
  await withUserConfigIn(home, () => {
    const applied: string[] = [];
    for (const gitdir of [
      path.join(home, 'work', 'r1', '.git'),
      path.join(home, 'x', 'Other.git'),
      path.join(home, 'x', 'plain', '.git'),
    ]) {
      assertConfigAsGit(git, gitdir);
      applied.push(`${readEffectiveConfig(gitdir).get('diff.algorithm')} ${readEffectiveConfig(gitdir).get('core.abbrev')}`);
    }
    // what each repository took: the work folder's and its branch's; the case-insensitive match; its own folder's
    assert.deepEqual(applied, ['histogram 11', 'patience 9', 'patience 12']);
  });
});

test('includeIf "hasconfig:remote.*.url:…" is followed where a remote of any config file has a matching URL, as git follows it', async () => {
  const { home, conf, git } = userConfigHome('config-hasconfig');
  const kernel = path.join(home, 'linux');
  const other = path.join(home, 'other');
  const later = path.join(home, 'later');
  for (const dir of [kernel, other, later]) git(['init', '-q', '-b', 'main', dir]);
  git(['-C', kernel, 'remote', 'add', 'origin', 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git']);
  git(['-C', other, 'remote', 'add', 'origin', 'https://github.com/example/project.git']);
  // the remote is named in a file the repository's config includes, after the condition: git scans every file first
  fs.writeFileSync(
    path.join(later, '.git', 'remotes.inc'),
    '[remote "stable"]\n\turl = git://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git\n',
  );
  fs.appendFileSync(path.join(later, '.git', 'config'), '[include]\n\tpath = remotes.inc\n');
  fs.writeFileSync(
    path.join(home, '.gitconfig'),
    [
      '[includeIf "hasconfig:remote.*.url:https://git.kernel.org/**"]\n\tpath = conf/kernel.inc',
      '[includeIf "hasconfig:remote.*.url:*://git.kernel.org/pub/scm/**/stable/*"]\n\tpath = conf/stable.inc',
      '[includeIf "hasconfig:remote.*.url:https://github.com/*/project.git"]\n\tpath = conf/github.inc',
      '[includeIf "hasconfig:remote.*.url:https://github.com/*"]\n\tpath = conf/never.inc',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(conf, 'kernel.inc'), '[diff]\n\talgorithm = histogram\n');
  fs.writeFileSync(path.join(conf, 'stable.inc'), '[log]\n\tfollow = true\n');
  fs.writeFileSync(path.join(conf, 'github.inc'), '[core]\n\tabbrev = 9\n');
  fs.writeFileSync(path.join(conf, 'never.inc'), '[core]\n\tabbrev = 10\n');
  await withUserConfigIn(home, () => {
    const applied: string[] = [];
    for (const dir of [kernel, other, later]) {
      const gitdir = path.join(dir, '.git');
      assertConfigAsGit(git, gitdir);
      const c = readEffectiveConfig(gitdir);
      applied.push(`${c.get('diff.algorithm')} ${c.get('log.follow')} ${c.get('core.abbrev')}`);
    }
    // the kernel's clone, a github one, and a repository whose stable remote an included file names
    assert.deepEqual(applied, ['histogram undefined undefined', 'undefined undefined 9', 'undefined true undefined']);
  });
});
