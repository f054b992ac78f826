import type { Person } from '../../shared/model';

export interface ParsedCommit {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  /** Committer time in seconds since the epoch: git orders its walk by it. */
  readonly commitTime: number;
  readonly message: string;
}

interface Signature {
  person: Person;
  time: number;
}

export function parseSignature(line: string): Signature {
  const m = /^(.*?) ?<([^>]*)> (-?\d+) ([+-])(\d\d)(\d\d)\s*$/.exec(line);
  if (!m) return { person: { name: line.trim(), email: '', date: new Date(0).toISOString() }, time: 0 };
  const time = Number(m[3]);
  const sign = m[4] === '-' ? -1 : 1;
  const offsetMinutes = sign * (Number(m[5]) * 60 + Number(m[6]));
  return { person: { name: m[1]!, email: m[2]!, date: isoWithOffset(time, offsetMinutes) }, time };
}

/** Formats like git's `%aI`: local time of the signature with its own offset. */
export function isoWithOffset(seconds: number, offsetMinutes: number): string {
  const local = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function parseCommit(data: Uint8Array): ParsedCommit {
  const end = headerEnd(data);
  const header = Buffer.from(data.buffer, data.byteOffset, end).toString('utf8');
  let tree = '';
  const parents: string[] = [];
  let author: Signature | null = null;
  let committer: Signature | null = null;
  let encoding = 'utf-8';
  for (const line of header.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig, mergetag)
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseSignature(value);
    else if (key === 'committer') committer = parseSignature(value);
    else if (key === 'encoding') encoding = value.trim();
  }
  const body = data.subarray(Math.min(data.length, end + 2));
  const message = decodeText(body, encoding);
  const a = author ?? committer ?? parseSignature('');
  const c = committer ?? a;
  return { tree, parents, author: a.person, committer: c.person, commitTime: c.time, message };
}

/** Only the fields the walk needs, without decoding the message. */
export function parseCommitLinks(data: Uint8Array): { tree: string; parents: string[]; commitTime: number } {
  const end = headerEnd(data);
  const header = Buffer.from(data.buffer, data.byteOffset, end).toString('latin1');
  let tree = '';
  const parents: string[] = [];
  let commitTime = 0;
  let pos = 0;
  while (pos < header.length) {
    let nl = header.indexOf('\n', pos);
    if (nl < 0) nl = header.length;
    if (header.startsWith('tree ', pos)) tree = header.slice(pos + 5, pos + 45);
    else if (header.startsWith('parent ', pos)) parents.push(header.slice(pos + 7, pos + 47));
    else if (header.startsWith('committer ', pos)) {
      const m = / (-?\d+) [+-]\d{4}\s*$/.exec(header.slice(pos, nl));
      if (m) commitTime = Number(m[1]);
    }
    pos = nl + 1;
  }
  return { tree, parents, commitTime };
}

function headerEnd(data: Uint8Array): number {
  for (let i = 0; i + 1 < data.length; i++) {
    if (data[i] === 10 && data[i + 1] === 10) return i;
  }
  return data.length;
}

export function decodeText(bytes: Uint8Array, encoding = 'utf-8'): string {
  try {
    return new TextDecoder(encoding, { fatal: false }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Splits a message the way git's `%s` and `%b` do: the subject is the first paragraph joined by spaces. */
export function splitMessage(message: string): { subject: string; body: string } {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const subjectLines: string[] = [];
  while (i < lines.length && lines[i]!.trim() !== '') subjectLines.push(lines[i++]!.trim());
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const body = lines.slice(i).join('\n').replace(/\s+$/, '');
  return { subject: subjectLines.join(' '), body };
}
