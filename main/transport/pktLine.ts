import { StrataError } from '../../shared/errors';
import { serverText } from './serverText';

/** git's pkt-line framing: 4 hex digits of length (including themselves), then data; "0000" is a flush. */
export function pktLine(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

export const FLUSH = Buffer.from('0000');

export type Pkt = { flush: true } | { flush: false; data: Buffer };

/** Splits a byte stream into pkt-lines as bytes arrive. */
export class PktReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Pkt[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Pkt[] = [];
    let pos = 0;
    while (this.buf.length - pos >= 4) {
      const len = parseInt(this.buf.toString('latin1', pos, pos + 4), 16);
      if (Number.isNaN(len)) throw new Error(`bad pkt-line length "${this.buf.toString('latin1', pos, pos + 4)}"`);
      if (len === 0 || len === 1 || len === 2) {
        out.push({ flush: true });
        pos += 4;
        continue;
      }
      if (this.buf.length - pos < len) break;
      out.push({ flush: false, data: this.buf.subarray(pos + 4, pos + len) });
      pos += len;
    }
    this.buf = this.buf.subarray(pos);
    return out;
  }

  get pending(): number {
    return this.buf.length;
  }
}

export interface AdvertisedRefs {
  readonly refs: Map<string, string>;
  /** Peeled tag targets ("refs/tags/v1^{}"). */
  readonly peeled: Map<string, string>;
  readonly capabilities: Set<string>;
  readonly headTarget: string | null;
}

/** Parses the answer to GET info/refs?service=git-upload-pack (protocol v0/v1). */
export function parseAdvertisement(body: Buffer): AdvertisedRefs {
  const reader = new PktReader();
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  let capabilities = new Set<string>();
  for (const pkt of reader.push(body)) {
    if (pkt.flush) continue;
    let line = pkt.data.toString('utf8').replace(/\n$/, '');
    if (line.startsWith('# service=')) continue;
    if (line.startsWith('ERR ')) throw new StrataError('NotAGitRepository', `The server refused: ${serverText(line.slice(4)).trim()}`);
    const nul = line.indexOf('\0');
    if (nul >= 0) {
      capabilities = new Set(
        line
          .slice(nul + 1)
          .split(' ')
          .filter(Boolean),
      );
      line = line.slice(0, nul);
    }
    const [oid, name] = line.split(' ');
    if (!oid || !name || !/^[0-9a-f]{40}$/.test(oid)) continue;
    if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), oid);
    else refs.set(name, oid);
  }
  const symref = [...capabilities].find((c) => c.startsWith('symref=HEAD:'));
  return { refs, peeled, capabilities, headTarget: symref ? symref.slice('symref=HEAD:'.length) : null };
}
