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

/**
 * Bytes of a ref advertisement Strata reads at most (128 MiB): GitHub's largest lists, with a pull
 * request's two refs each, are about a third of it. Past it the server is taken to be sending an endless list.
 */
export const REF_LIST_LIMIT = 128 << 20;

/** Refs a single-branch clone can use; others (refs/pull/*, refs/changes/*…) are read past, not kept. */
const kept = (name: string) => name === 'HEAD' || name.startsWith('refs/heads/') || name.startsWith('refs/tags/');

/**
 * Reads the answer to GET info/refs?service=git-upload-pack (protocol v0/v1) as it arrives: the
 * service line, a flush, the refs, a flush. A list that ends before its flush (a cut connection, a
 * failed server) or runs past `limit` bytes is refused rather than taken as the whole list.
 */
export class RefListReader {
  private readonly reader = new PktReader();
  private readonly refs = new Map<string, string>();
  private readonly peeled = new Map<string, string>();
  private capabilities = new Set<string>();
  private bytes = 0;
  private lines = 0;
  private state: 'service' | 'header' | 'refs' | 'done' = 'service';

  constructor(
    private readonly host: string,
    private readonly limit = REF_LIST_LIMIT,
  ) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit)
      throw new StrataError(
        'NotAGitRepository',
        `${this.host} sent more than ${formatLimit(this.limit)} of refs (${this.lines.toLocaleString('en')} refs so far) without ending the list; Strata stops reading there (its limit for a list of refs). The server is misbehaving; try again later.`,
      );
    if (this.state === 'done') return;
    for (const pkt of protocolPkts(this.reader, chunk, this.host)) this.take(pkt);
  }

  private take(pkt: Pkt): void {
    if (this.state === 'done') return;
    if (this.state === 'service') {
      const line = pkt.flush ? '' : pkt.data.toString('utf8').replace(/\n$/, '');
      if (line.startsWith('ERR ')) throw refused(line);
      if (line !== '# service=git-upload-pack')
        throw new StrataError(
          'NotAGitRepository',
          `${this.host} did not answer in git's smart HTTP protocol (it began with "${serverText(line).slice(0, 60)}" where git expects "# service=git-upload-pack"). Check the address.`,
        );
      this.state = 'header';
      return;
    }
    if (this.state === 'header') {
      if (pkt.flush) this.state = 'refs';
      return;
    }
    if (pkt.flush) {
      this.state = 'done';
      return;
    }
    let line = pkt.data.toString('utf8').replace(/\n$/, '');
    if (line.startsWith('ERR ')) throw refused(line);
    this.lines++;
    const nul = line.indexOf('\0');
    if (nul >= 0) {
      this.capabilities = new Set(
        line
          .slice(nul + 1)
          .split(' ')
          .filter(Boolean),
      );
      line = line.slice(0, nul);
    }
    const [oid, name] = line.split(' ');
    if (!oid || !name || !/^[0-9a-f]{40}$/.test(oid)) return;
    if (name.endsWith('^{}')) {
      if (kept(name.slice(0, -3))) this.peeled.set(name.slice(0, -3), oid);
    } else if (kept(name)) this.refs.set(name, oid);
  }

  /** The whole list, once the response has ended; an error where it ended early. */
  end(): AdvertisedRefs {
    if (this.state !== 'done')
      throw new StrataError(
        'NetworkLost',
        `The list of refs from ${this.host} ended early (${this.lines.toLocaleString('en')} refs, no end marker): the connection was cut or the server failed. Nothing was kept; try again.`,
      );
    const symref = [...this.capabilities].find((c) => c.startsWith('symref=HEAD:'));
    return {
      refs: this.refs,
      peeled: this.peeled,
      capabilities: this.capabilities,
      headTarget: symref ? symref.slice('symref=HEAD:'.length) : null,
    };
  }
}

/** Parses a whole ref advertisement (see RefListReader). */
export function parseAdvertisement(body: Buffer, host = 'the server'): AdvertisedRefs {
  const r = new RefListReader(host);
  r.push(body);
  return r.end();
}

/** The pkt-lines of `chunk`; bytes that are not pkt-lines are the server not speaking git's protocol. */
export function protocolPkts(reader: PktReader, chunk: Buffer, host: string): Pkt[] {
  try {
    return reader.push(chunk);
  } catch (err) {
    throw new StrataError(
      'NotAGitRepository',
      `${host} did not answer in git's protocol (${serverText(err instanceof Error ? err.message : String(err))}). Check the address.`,
    );
  }
}

const refused = (line: string) => new StrataError('NotAGitRepository', `The server refused: ${serverText(line.slice(4)).trim()}`);

const formatLimit = (n: number) => (n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${Math.round(n / 1024)} KiB`);
