/** About this many bytes of HTML per printed part: Chromium lays out 1.5 MB of a report (600 commits of a Makefile) in 5 s. */
export const PART_BYTES = 1_500_000;

const SECTION = '\n<section class="commit" id="c';

/**
 * The HTML report (reportHtml) as documents printed one by one and joined: Chromium's time to print one document
 * grows faster than its length (git.git's Makefile, 3,274 commits: 72 s whole, 37 s as three parts), and one
 * renderer holds the whole layout (2.5 GB). Each part has the report's head and one run of commit sections; the
 * first has the summary and the timeline table. The table's links and the sections they lead to are joined by name
 * (mergePdfParts). A report of at most `partBytes` stays one document.
 */
export function reportPdfParts(html: string, partBytes = PART_BYTES): string[] {
  const bodyAt = html.indexOf('<body>');
  const first = html.indexOf(SECTION);
  const end = html.lastIndexOf('</body>');
  if (html.length <= partBytes || bodyAt < 0 || first < 0 || end < first) return [html];
  const head = html.slice(0, bodyAt + '<body>'.length);
  const tail = html.slice(end);
  const sections: string[] = [];
  for (let at = first; at >= 0 && at < end;) {
    const next = html.indexOf(SECTION, at + 1);
    const stop = next < 0 || next > end ? end : next;
    sections.push(html.slice(at, stop));
    at = next;
  }
  const bodies: string[][] = [[html.slice(head.length, first)]];
  let size = bodies[0]![0]!.length;
  for (const s of sections) {
    if (size + s.length > partBytes && size > 0) {
      bodies.push([]);
      size = 0;
    }
    bodies.at(-1)!.push(s);
    size += s.length;
  }
  if (bodies.length === 1) return [html];
  // Chromium names a destination only where a link in the same document points at it: the first part gets an
  // empty target for each section printed elsewhere (its table's links are written against them), every other
  // part an invisible link to each of its own sections (mergePdfParts keeps the names, not these links)
  const elsewhere = bodies.slice(1).flatMap((b) => b.map(idOf));
  const targets = `\n<div class="pdf-targets">${elsewhere.map((id) => `<span id="${id}"></span>`).join('')}</div>`;
  const anchors = (b: string[]) =>
    `\n<div class="pdf-anchors" style="font-size:1px;line-height:1px;color:transparent">${b.map((s) => `<a href="#${idOf(s)}">\u200b</a>`).join('')}</div>`;
  return bodies.map((b, i) => `${head}${b.join('')}${i === 0 ? targets : anchors(b)}\n${tail}`);
}

function idOf(section: string): string {
  return section.slice(SECTION.length - 1, section.indexOf('"', SECTION.length));
}
