import { parseSearch } from './timelineFilter';

/** The words of the search box that are looked for in a commit's message (free words and message: clauses). */
export function highlightNeedles(search: string): string[] {
  return parseSearch(search)
    .filter((t) => t.field === 'text' || t.field === 'message')
    .map((t) => t.value)
    .filter((v) => v.length > 0);
}

/** `text` cut into pieces, each marked when it is a match of one of the needles (any case); overlaps merge. */
export function markMatches(text: string, needles: readonly string[]): { text: string; match: boolean }[] {
  const lower = text.toLowerCase();
  const hit = new Uint8Array(text.length);
  for (const n of needles)
    for (let i = lower.indexOf(n); i >= 0 && n.length > 0; i = lower.indexOf(n, i + n.length)) hit.fill(1, i, i + n.length);
  const out: { text: string; match: boolean }[] = [];
  for (let i = 0; i < text.length;) {
    let j = i;
    while (j < text.length && hit[j] === hit[i]) j++;
    out.push({ text: text.slice(i, j), match: hit[i] === 1 });
    i = j;
  }
  return out;
}
