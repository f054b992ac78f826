import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { printHtmlToPdfBytes } from '../../main/reports/printHtmlToPdf';
import { commitVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { writeReport } from '../../main/services/writeReport';

test('the PDF prints in a child process: the host keeps running timers meanwhile', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    const pdf = await printHtmlToPdfBytes('<!doctype html><title>r</title><h1>Report</h1><p>one commit</p>');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  } finally {
    clearInterval(timer);
  }
  // Chromium takes hundreds of ms to start; a synchronous spawn leaves the event loop at 0 ticks
  assert.ok(ticks >= 5, `${ticks} timer ticks while printing`);
});

test('without Chromium the PDF says what to install, not a stack or stderr', async () => {
  const saved = process.env.STRATA_CHROMIUM;
  process.env.STRATA_CHROMIUM = '/nonexistent/chromium';
  try {
    await assert.rejects(printHtmlToPdfBytes('<p>x</p>'), (e: Error) =>
      /needs Chromium, which was not found: install the "chromium" package/.test(e.message),
    );
  } finally {
    if (saved === undefined) delete process.env.STRATA_CHROMIUM;
    else process.env.STRATA_CHROMIUM = saved;
  }
});

test('the PDF lays several commits on a page (not one page per commit)', async () => {
  const root = tmpDir('pdf-pages');
  const dir = path.join(root, 'repo');
  // 24 commits of 1 to 7 scattered one-line edits in a 400-line file: each diff a fraction of a page
  const versions: string[] = [];
  let lines = Array.from({ length: 400 }, (_, i) => `line ${i}`);
  for (let v = 0; v < 24; v++) {
    lines = lines.slice();
    for (let k = 0; k < 1 + (v % 4) * 2; k++) lines[(v * 37 + k * 3) % 400] = `edit ${v} ${k}`;
    versions.push(`${lines.join('\n')}\n`);
  }
  commitVersions(dir, 'f.c', versions);
  await withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const report = await writeReport({ repo, path: 'f.c', follow: false, format: 'html' });
    const pdf = (await printHtmlToPdfBytes(report.content)).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    // a commit kept whole goes to the next page whenever it does not fit: 26 pages for these 24 commits
    assert.ok(pages > 0 && pages * 1.5 <= report.commits, `${pages} pages for ${report.commits} commits`);
  });
});
