import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { commitVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { withRepository } from '../../main/repository/repository';
import { writeReport } from '../../main/services/writeReport';
import { reportPdfParts } from '../../main/reports/reportPdfParts';
import { printReportPdf } from '../../main/reports/printReportPdf';
import { printHtmlToPdfBytes } from '../../main/reports/printHtmlToPdf';
import type { Progress } from '../../shared/model';

/** An HTML report of 60 commits, each a few scattered edits of a 300-line file. */
async function reportOf60(): Promise<{ html: string; oids: string[] }> {
  const root = tmpDir('pdf-parts');
  const dir = path.join(root, 'repo');
  const versions: string[] = [];
  let lines = Array.from({ length: 300 }, (_, i) => `line ${i}`);
  for (let v = 0; v < 60; v++) {
    lines = lines.slice();
    for (let k = 0; k < 1 + (v % 5); k++) lines[(v * 41 + k * 7) % 300] = `edit ${v} ${k}`;
    versions.push(`${lines.join('\n')}\n`);
  }
  commitVersions(dir, 'f.c', versions);
  return withRepository({ dir, home: path.join(root, 'home') }, async (repo) => {
    const report = await writeReport({ repo, path: 'f.c', follow: false, format: 'html' });
    const oids = [...report.content.matchAll(/<section class="commit" id="c([0-9a-f]{40})"/g)].map((m) => m[1]!);
    assert.equal(oids.length, 60);
    return { html: report.content, oids };
  });
}

test('a report splits into documents at its sections, each with the head; the first keeps the table and a target for every section elsewhere', async () => {
  const { html, oids } = await reportOf60();
  assert.deepEqual(reportPdfParts(html), [html], 'a small report stays one document');
  const parts = reportPdfParts(html, Math.ceil(html.length / 5));
  assert.ok(parts.length >= 5 && parts.length <= 7, `${parts.length} parts`);
  const head = html.slice(0, html.indexOf('<body>') + 6);
  const inPart = parts.map((p) => [...p.matchAll(/<section class="commit" id="c([0-9a-f]{40})"/g)].map((m) => m[1]!));
  for (const p of parts) {
    assert.ok(p.startsWith(head) && p.endsWith('</body></html>\n'));
  }
  assert.deepEqual(inPart.flat(), oids, 'every section once, in order');
  assert.match(parts[0]!, /<h2>Timeline<\/h2>/);
  assert.ok(!/<h2>Timeline<\/h2>/.test(parts[1]!));
  const elsewhere = inPart.slice(1).flat();
  assert.deepEqual(
    [...parts[0]!.matchAll(/<span id="c([0-9a-f]{40})"><\/span>/g)].map((m) => m[1]),
    elsewhere,
  );
  for (const [i, ids] of inPart.entries())
    if (i > 0)
      assert.deepEqual(
        [...parts[i]!.matchAll(/<a href="#c([0-9a-f]{40})">/g)].map((m) => m[1]),
        ids,
      );
});

test('a report printed in parts is one PDF whose table links lead to each commit in order; progress per part; cancel stops it', async () => {
  const { html, oids } = await reportOf60();
  const seen: Progress[] = [];
  const pdf = await printReportPdf({
    html,
    title: 'History of f.c',
    print: printHtmlToPdfBytes,
    partBytes: Math.ceil(html.length / 4),
    onProgress: (p) => seen.push(p),
  });
  const printing = seen.filter((p) => p.phase === 'Printing the PDF');
  const total = printing[0]!.total!;
  assert.ok(total >= 4, `${total} parts`);
  assert.deepEqual(
    printing.map((p) => p.loaded),
    Array.from({ length: total + 1 }, (_, i) => i),
  );
  assert.equal(seen.at(-1)!.phase, 'Joining the PDF');

  const doc = await PDFDocument.load(pdf);
  assert.equal(doc.getTitle(), 'History of f.c');
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((p, i) => [p.ref.toString(), i]));
  const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict);
  const destPage = new Map<string, number>();
  for (const [name, value] of dests.entries())
    destPage.set(name.decodeText(), pageIndex.get(doc.context.lookup(value, PDFArray).get(0).toString())!);
  // the links in the document: the table's, one per commit, in its order (newest first, as the sections)
  const linked: string[] = [];
  for (const page of pages)
    for (const a of page.node.Annots()?.asArray() ?? []) {
      const dest = doc.context.lookup(a, PDFDict).get(PDFName.of('Dest'));
      if (dest instanceof PDFName) linked.push(dest.decodeText());
    }
  assert.deepEqual(
    linked,
    oids.map((o) => `c${o}`),
  );
  const at = linked.map((n) => destPage.get(n)!);
  assert.ok(
    at.every((p, i) => p !== undefined && (i === 0 || p >= at[i - 1]!)),
    `each link leads to a page, in order: ${at.join(',')}`,
  );
  // the first section is after the table (its first page), the last on the last pages, the rest spread between:
  // no link left on the first part's stand-in targets
  assert.ok(at[0]! >= 1, `the first commit on page ${at[0]}`);
  const lastPart = await PDFDocument.load(
    await printHtmlToPdfBytes(reportPdfParts(html, Math.ceil(html.length / 4)).at(-1)!, { tagged: false }),
  );
  assert.ok(
    at.at(-1)! >= pages.length - lastPart.getPageCount(),
    `the last commit on page ${at.at(-1)} of ${pages.length}, in the last part's ${lastPart.getPageCount()}`,
  );
  assert.ok(new Set(at).size >= pages.length / 2, `${new Set(at).size} pages have a commit's start, of ${pages.length}`);

  const stop = new AbortController();
  const started = Date.now();
  await assert.rejects(
    printReportPdf({
      html,
      title: 'x',
      print: printHtmlToPdfBytes,
      partBytes: Math.ceil(html.length / 4),
      signal: stop.signal,
      onProgress: (p) => {
        if (p.loaded === 1) stop.abort();
      },
    }),
    (e: Error & { code?: string }) => e.code === 'Cancelled',
  );
  assert.ok(Date.now() - started < 30_000);
});
