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
