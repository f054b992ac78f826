import fs from 'node:fs';
import path from 'node:path';

/**
 * The parents `info/grafts` gives commits (git's older way to graft a history, before `git replace --graft`;
 * deprecated, but git log, blame and every other reader of history still honour it): commit id → its parents
 * there. GIT_GRAFT_FILE names another file, as for git. Lines are a commit and its parents, ids apart by one
 * white-space character; blank lines and `#` comments are skipped, and so is a line git calls bad graft data. The
 * first line for a commit counts.
 */
export function readGrafts(gitdir: string): ReadonlyMap<string, readonly string[]> {
  let text: string;
  try {
    text = fs.readFileSync(process.env.GIT_GRAFT_FILE ?? path.join(gitdir, 'info', 'grafts'), 'latin1');
  } catch {
    return NONE;
  }
  const out = new Map<string, readonly string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line || line.startsWith('#') || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?(?:\s[0-9a-f]{40}(?:[0-9a-f]{24})?)*$/.test(line)) continue;
    const [commit, ...parents] = line.split(/\s/);
    if (!out.has(commit!)) out.set(commit!, parents);
  }
  return out.size ? out : NONE;
}

const NONE: ReadonlyMap<string, readonly string[]> = new Map();

const PARENT = Buffer.from('parent ');

/** A commit's bytes with the parents a graft gives it in place of its own (put after its tree line, where git writes parents). */
export function graftedCommit(data: Uint8Array, parents: readonly string[]): Buffer {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const afterTree = buf.indexOf(10) + 1;
  let rest = afterTree;
  while (rest > 0 && buf.subarray(rest, rest + PARENT.length).equals(PARENT)) rest = buf.indexOf(10, rest) + 1;
  if (afterTree === 0 || rest === 0) return buf;
  return Buffer.concat([
    buf.subarray(0, afterTree),
    Buffer.from(parents.map((p) => `parent ${p}\n`).join(''), 'latin1'),
    buf.subarray(rest),
  ]);
}

/** A short text that changes when the grafts do (empty where there are none): what was built from them is kept by it. */
export function graftsStamp(grafts: ReadonlyMap<string, readonly string[]>): string {
  return [...grafts]
    .map(([c, ps]) => [c, ...ps].join(' '))
    .sort()
    .join(',');
}
