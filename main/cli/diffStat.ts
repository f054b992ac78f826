import { displayWidth } from './displayWidth';

/** One file of `git diff --stat`: its name as git prints it (quoted where git quotes it) and its counts. */
export interface StatFile {
  readonly name: string;
  /** Lines added; for a binary file, its size after in bytes. */
  readonly added: number;
  /** Lines deleted; for a binary file, its size before. */
  readonly deleted: number;
  readonly binary: boolean;
}

/** The room the stat may take: `width` columns in all, at most `nameWidth` for names and `graphWidth` for the bars (0: no limit of their own). */
export interface StatWidths {
  readonly width: number;
  readonly nameWidth: number;
  readonly graphWidth: number;
}

const digits = (n: number): number => String(n).length;

/**
 * `git diff --stat`'s lines, its summary after them: each name cut from the left to fit (after "..." and from a
 * `/` where there is one), the count, and a bar of + and - scaled to the room left, as git's show_stats lays them out.
 */
export function statLines(files: readonly StatFile[], w: StatWidths): string {
  if (files.length === 0) return '';
  let maxLen = 0;
  let maxChange = 0;
  let numberWidth = 0;
  let binWidth = 0;
  for (const f of files) {
    maxLen = Math.max(maxLen, displayWidth(f.name));
    if (f.binary) {
      // "Bin XXX -> YYY bytes", its count column as wide as "Bin"
      binWidth = Math.max(binWidth, 14 + digits(f.added) + digits(f.deleted));
      numberWidth = 3;
    } else maxChange = Math.max(maxChange, f.added + f.deleted);
  }
  numberWidth = Math.max(numberWidth, digits(maxChange));
  // 16 columns at least besides the count: 3/8 of them (6) for the bar, 5/8 (10) for the name
  const width = Math.max(w.width, 16 + 6 + numberWidth);
  let graphWidth = maxChange + 4 > binWidth ? maxChange : binWidth - 4;
  if (w.graphWidth && w.graphWidth < graphWidth) graphWidth = w.graphWidth;
  let nameWidth = w.nameWidth > 0 && w.nameWidth < maxLen ? w.nameWidth : maxLen;
  if (nameWidth + numberWidth + 6 + graphWidth > width) {
    const barRoom = Math.floor((width * 3) / 8) - numberWidth - 6;
    if (graphWidth > barRoom) graphWidth = Math.max(barRoom, 6);
    if (w.graphWidth && graphWidth > w.graphWidth) graphWidth = w.graphWidth;
    if (nameWidth > width - numberWidth - 6 - graphWidth) nameWidth = width - numberWidth - 6 - graphWidth;
    else graphWidth = width - numberWidth - 6 - nameWidth;
  }
  // at least one + or - for any change: scaled as if the bar were a column shorter, plus one
  const scale = (n: number) => (n === 0 ? 0 : 1 + Math.floor((n * (graphWidth - 1)) / maxChange));
  let out = '';
  for (const f of files) {
    let room = nameWidth;
    let name = f.name;
    let prefix = '';
    let nameLen = displayWidth(name);
    if (nameWidth < nameLen) {
      prefix = '...';
      room = Math.max(0, room - 3);
      const chars = [...name];
      let first = 0;
      while (nameLen > room && first < chars.length) nameLen -= displayWidth(chars[first++]!);
      name = chars.slice(first).join('');
      const slash = name.indexOf('/');
      if (slash >= 0) name = name.slice(slash);
    }
    const padded = `${prefix}${name}${' '.repeat(Math.max(0, room - displayWidth(name)))}`;
    if (f.binary) {
      out +=
        f.added === 0 && f.deleted === 0
          ? ` ${padded} | ${'Bin'.padStart(numberWidth)}\n`
          : ` ${padded} | ${'Bin'.padStart(numberWidth)} ${f.deleted} -> ${f.added} bytes\n`;
      continue;
    }
    let add = f.added;
    let del = f.deleted;
    if (graphWidth <= maxChange) {
      let total = scale(add + del);
      if (total < 2 && add && del) total = 2;
      if (add < del) {
        add = scale(add);
        del = total - add;
      } else {
        del = scale(del);
        add = total - del;
      }
    }
    const changed = f.added + f.deleted;
    out += ` ${padded} | ${String(changed).padStart(numberWidth)}${changed ? ' ' : ''}${'+'.repeat(add)}${'-'.repeat(del)}\n`;
  }
  return out + statSummary(files);
}

/**
 * `git diff --shortstat`'s line (and the stat's last): files, then the lines inserted and deleted (a binary file's
 * sizes are no lines), a count of 0 left out where the other is not.
 */
export function statSummary(files: readonly StatFile[]): string {
  if (files.length === 0) return '';
  let insertions = 0;
  let deletions = 0;
  for (const f of files)
    if (!f.binary) {
      insertions += f.added;
      deletions += f.deleted;
    }
  let out = ` ${files.length} ${files.length === 1 ? 'file' : 'files'} changed`;
  if (insertions || deletions === 0) out += `, ${insertions} ${insertions === 1 ? 'insertion' : 'insertions'}(+)`;
  if (deletions || insertions === 0) out += `, ${deletions} ${deletions === 1 ? 'deletion' : 'deletions'}(-)`;
  return `${out}\n`;
}
