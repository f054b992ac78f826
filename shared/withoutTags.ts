/**
 * The text with every `<…>` taken out, as `text.replace(/<[^>]*>/g, '')` does, in one pass: that expression goes on
 * to the end from each `<` with no `>` after it (a mail of 10,000 such took a sixth of a second, a million hours).
 */
export function withoutTags(text: string): string {
  let out = '';
  let from = 0;
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', from)) {
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) break;
    out += text.slice(from, lt);
    from = gt + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
