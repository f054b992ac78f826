import { trimTrailing } from './trimTrailing';

/** A mail body cut into what a reader folds or highlights: own text, quoted text, the patch, review tags. */
export type MailSegmentKind = 'text' | 'quote' | 'patch' | 'tag';

export interface MailSegment {
  readonly kind: MailSegmentKind;
  readonly lines: readonly string[];
}

const TAG = /^\s*(reviewed-by|acked-by|tested-by|reported-by|suggested-by|nacked-by|nak(?:ed)?-by)\s*:|^\s*(nak|nack|nacked)\b[.!]?\s*$/i;

/**
 * Splits a decoded mail body: runs of quoted lines ("> …") are one segment each, everything from the first
 * `diff --git` (or `---` followed by a diff) to the signature is the patch, review tag lines stand alone.
 * Pure text in, data out: the UI shows every segment as text, never as markup.
 */
export function mailSegments(text: string): MailSegment[] {
  const lines = trimTrailing(text.replace(/\r\n?/g, '\n'), '\n').split('\n');
  const out: { kind: MailSegmentKind; lines: string[] }[] = [];
  const push = (kind: MailSegmentKind, line: string): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind !== 'tag') last.lines.push(line);
    else out.push({ kind, lines: [line] });
  };
  let inPatch = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (
      !inPatch &&
      (line.startsWith('diff --git ') || (line === '---' && lines.slice(i + 1, i + 40).some((l) => l.startsWith('diff --git '))))
    )
      inPatch = true;
    if (inPatch) {
      if (line === '-- ')
        inPatch = false; // the signature after a patch
      else {
        push('patch', line);
        continue;
      }
    }
    if (/^\s*>/.test(line)) push('quote', line);
    else if (TAG.test(line)) push('tag', line);
    else push('text', line);
  }
  return out;
}

/**
 * The hunks a patch mail gives for one file (`@@` lines and below, up to the next file, the signature or the end),
 * or null when its patch does not touch that file: what the Discussion tab compares between two versions of a series.
 */
export function fileHunks(text: string, path: string): string | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let inFile = false;
  let inHunks = false;
  for (const line of lines) {
    if (line.startsWith('diff --git ')) {
      if (inFile) break;
      inFile = line === `diff --git a/${path} b/${path}` || line.endsWith(` b/${path}`);
      continue;
    }
    if (!inFile) continue;
    if (line === '-- ') break;
    if (line.startsWith('@@')) inHunks = true;
    if (inHunks) out.push(line);
  }
  return inFile || out.length ? trimTrailing(out.join('\n'), '\n') : null;
}
