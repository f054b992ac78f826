import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFPageLeaf, PDFString } from 'pdf-lib';

/**
 * The printed parts of a report (reportPdfParts) as one PDF: their pages in order, and their named destinations
 * (what Chromium writes for a link inside the document) pointing at the part that has the section; the first part's
 * own, made for the table's links to the other parts, only where no other part has the name.
 */
export async function mergePdfParts(parts: readonly Uint8Array[], title: string): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const dests = new Map<string, PDFArray>();
  const placeholders = new Map<string, PDFArray>();
  for (const [i, bytes] of parts.entries()) {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const pages = await out.copyPages(doc, doc.getPageIndices());
    const pageOf = new Map(doc.getPages().map((p, n) => [p.ref.toString(), pages[n]!.ref]));
    for (const p of pages) {
      // a later part's own internal links are the invisible ones made for its names (its sections link nowhere inside)
      if (i > 0) dropInternalLinks(p.node);
      out.addPage(p);
    }
    const named = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
    for (const [name, value] of named?.entries() ?? []) {
      const dest = doc.context.lookupMaybe(value, PDFArray);
      const page = dest && pageOf.get(dest.get(0).toString());
      if (!dest || !page) continue;
      const copy = out.context.obj([page, ...dest.asArray().slice(1)]);
      (i === 0 ? placeholders : dests).set(name.decodeText(), copy);
    }
  }
  for (const [name, dest] of placeholders) if (!dests.has(name)) dests.set(name, dest);
  const table = out.context.obj({});
  for (const [name, dest] of dests) table.set(PDFName.of(name), dest);
  if (dests.size > 0) out.catalog.set(PDFName.of('Dests'), out.context.register(table));
  out.catalog.set(PDFName.of('Lang'), PDFString.of('en'));
  out.setTitle(title, { showInWindowTitleBar: true });
  out.setProducer('Strata');
  return out.save();
}

/** Removes a page's link annotations that lead inside the document (a named destination), keeping the others. */
function dropInternalLinks(page: PDFPageLeaf): void {
  const annots = page.Annots();
  if (!annots) return;
  const kept = annots.asArray().filter((a) => page.context.lookupMaybe(a, PDFDict)?.get(PDFName.of('Dest')) === undefined);
  if (kept.length === annots.size()) return;
  if (kept.length === 0) page.delete(PDFName.of('Annots'));
  else page.set(PDFName.of('Annots'), page.context.obj(kept));
}
