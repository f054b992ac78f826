import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { collectReport } from '../fixtures/openAndRun';
import { renderReport } from '../../main/reports/renderReport';

test('the Markdown report writes email addresses as code spans, never as &lt;…&gt;', async () => {
  const root = tmpDir('md-addresses');
  const dir = path.join(root, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  fs.writeFileSync(path.join(dir, 'a.c'), 'int a;\n');
  execFileSync('git', ['-C', dir, 'add', '-A']);
  const message =
    'mm: fix a\n\nBody.\n\nReviewed-by: Jane <jane@example.org>\nCc: <stable@vger.kernel.org> # 5.4+\nSigned-off-by: A <a@b.org>';
  execFileSync('git', ['-C', dir, '-c', 'user.name=Ann <Lee>', '-c', 'user.email=ann@example.org', 'commit', '-qm', message]);
  const data = await collectReport({ dir, path: 'a.c', follow: false, home: path.join(root, 'home') });
  const md = renderReport(data, 'md').content;
  assert.doesNotMatch(md, /&lt;[^&\s]+@[^&\s]+&gt;/, 'no entity-escaped address');
  assert.match(md, /^- Author: Ann Lee `<ann@example\.org>`, /m);
  assert.match(md, /^- Reviewed-by: Jane `<jane@example\.org>`$/m);
  assert.match(md, /^- Cc: `<stable@vger\.kernel\.org>` # 5\.4\+$/m);
  assert.match(md, /^- Signed-off-by: A `<a@b\.org>`$/m);
});

test("every format names the committer where a maintainer applied the patch (git log --format=fuller's), and only there", async () => {
  const root = tmpDir('report-committer');
  const dir = path.join(root, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  const commit = (text: string, env: Record<string, string>) => {
    fs.writeFileSync(path.join(dir, 'a.c'), text);
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync('git', ['-C', dir, '-c', 'user.name=Morgan Lee', '-c', 'user.email=morgan@example.org', 'commit', '-qm', text], {
      env: { ...process.env, GIT_COMMITTER_DATE: '2020-01-02T10:00:00+01:00', ...env },
    });
  };
  commit('int a;\n', { GIT_AUTHOR_NAME: 'Ann Lee', GIT_AUTHOR_EMAIL: 'ann@example.org', GIT_AUTHOR_DATE: '2019-12-20T08:00:00-05:00' });
  commit('int b;\n', { GIT_AUTHOR_DATE: '2020-01-02T10:00:00+01:00' });
  const data = await collectReport({ dir, path: 'a.c', follow: false, home: path.join(root, 'home') });
  const [own, applied] = data.commits.map((c) => c.entry.oid);
  const md = renderReport(data, 'md').content;
  assert.match(
    md,
    /^- Author: Ann Lee `<ann@example\.org>`, 2019-12-20T08:00:00-05:00\n- Committer: Morgan Lee `<morgan@example\.org>`, 2020-01-02T10:00:00\+01:00$/m,
  );
  assert.equal(md.match(/^- Committer: /gm)?.length, 1, 'not where the author committed it at once');
  const html = renderReport(data, 'html').content;
  assert.match(
    html,
    /ann@example\.org&gt; · 2019-12-20T08:00:00-05:00 · committed by Morgan Lee &lt;morgan@example\.org&gt; · 2020-01-02T10:00:00\+01:00 · A/,
  );
  assert.equal(html.match(/committed by /g)?.length, 1);
  const [header, ...rows] = renderReport(data, 'csv')
    .content.trim()
    .split('\n')
    .map((l) => l.split(','));
  const cell = (oid: string, column: string) => rows.find((r) => r[0] === oid)![header!.indexOf(column)];
  const git = (oid: string) => execFileSync('git', ['-C', dir, 'log', '-1', '--format=%cn,%ce,%cI', oid], { encoding: 'utf8' }).trim();
  for (const oid of [own!, applied!])
    assert.equal(['committer', 'committer_email', 'commit_date'].map((c) => cell(oid, c)).join(','), git(oid));
});
