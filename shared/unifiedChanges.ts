/**
 * One change of a diff as a side-by-side pane shows it: lines [origStart, origEnd) of the old version became lines
 * [modStart, modEnd) of the new one (1-based; an empty side is a point, origStart === origEnd, before that line).
 */
export interface LineChange {
  readonly origStart: number;
  readonly origEnd: number;
  readonly modStart: number;
  readonly modEnd: number;
}

/**
 * The changes of a unified diff (git's hunks): each run of removed and added lines between context lines.
 * These are the lines git's counts come from, so a pane that shows them agrees with `git diff` and `--numstat`.
 */
export function changesOfUnified(unified: string): LineChange[] {
  const out: LineChange[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: { origStart: number; modStart: number } | null = null;
  const close = () => {
    if (open) out.push({ origStart: open.origStart, origEnd: oldLine, modStart: open.modStart, modEnd: newLine });
    open = null;
  };
  let inHunk = false;
  for (const line of unified.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      close();
      inHunk = true;
      // a side with no lines names the line before the hunk
      oldLine = Number(header[1]) + (header[2] === '0' ? 1 : 0);
      newLine = Number(header[3]) + (header[4] === '0' ? 1 : 0);
      continue;
    }
    if (!inHunk) continue;
    const kind = line[0];
    if (kind === '-' || kind === '+') {
      open ??= { origStart: oldLine, modStart: newLine };
      if (kind === '-') oldLine++;
      else newLine++;
    } else if (kind === ' ') {
      close();
      oldLine++;
      newLine++;
    } else if (kind !== '\\') {
      // the next file's header, or the end
      close();
      inHunk = false;
    }
  }
  close();
  return out;
}
