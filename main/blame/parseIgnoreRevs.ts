import { StrataError } from '../../shared/errors';

/** The full commit ids of an ignore-revs file (git's format: one a line, `#` comments, blank lines skipped). */
export function parseIgnoreRevs(text: string, file: string): string[] {
  const out: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (!/^[0-9a-f]{40}$/i.test(line)) {
      throw new StrataError('InvalidRequest', `${file}, line ${i + 1}: "${line}" is not a full commit id (the file takes one per line).`);
    }
    out.push(line.toLowerCase());
  }
  return out;
}
