import type { InternedLines, LineInterner } from '../diff/internedLines';

/**
 * The versions of a file a blame holds (their bytes, their interned lines): each while a suspect still names it,
 * and let go once none does, so a blame holds a few versions at a time however many it passes. Holding every one
 * read, a file of 20,000 versions (vim's src/version.c: 900 MB of blobs) took 1.8 GB and most of the blame's time
 * in allocation; a version needed again after it was let go is read again.
 */
export class HeldVersions {
  private readonly bytes = new Map<string, Buffer>();
  private readonly lines = new Map<string, InternedLines>();
  /** Suspects naming each blob. */
  private readonly suspects = new Map<string, number>();
  /** Blobs read since the last suspect was done: let go then unless a suspect names them. */
  private readonly readSince: string[] = [];
  /** A blob held to the end: the blamed version (-M and -C read its lines for every block). */
  private pinned = '';
  /** The most versions held at once. */
  peak = 0;

  constructor(
    private readonly read: (oid: string) => Promise<Buffer>,
    private readonly interner: LineInterner,
  ) {}

  pin(blob: string): void {
    this.pinned = blob;
  }

  async bytesOf(oid: string): Promise<Buffer> {
    let data = this.bytes.get(oid);
    if (!data) {
      data = await this.read(oid);
      this.bytes.set(oid, data);
      this.readSince.push(oid);
      this.peak = Math.max(this.peak, this.bytes.size);
    }
    return data;
  }

  /**
   * The version's lines with their ids. `like`: a version held that it is about to be diffed with; the lines both
   * start and end with are taken from it.
   */
  async linesOf(oid: string, like?: string): Promise<InternedLines> {
    let lines = this.lines.get(oid);
    if (!lines) {
      const data = await this.bytesOf(oid);
      lines = this.interner.lines(data, like !== undefined ? this.lines.get(like) : undefined);
      this.keepLines(oid, lines);
    }
    return lines;
  }

  /** The version's lines where they are held (no read). */
  linesIfHeld(oid: string): InternedLines | undefined {
    return this.lines.get(oid);
  }

  /** Lines made elsewhere of a version (interned by this interner), held as linesOf holds them. */
  keepLines(oid: string, lines: InternedLines): void {
    this.lines.set(oid, lines);
    this.readSince.push(oid);
  }

  /** A suspect names `blob`. */
  named(blob: string): void {
    this.suspects.set(blob, (this.suspects.get(blob) ?? 0) + 1);
  }

  /** A suspect of `blob` is done: the versions no suspect names any more are let go. */
  done(blob: string): void {
    const left = (this.suspects.get(blob) ?? 1) - 1;
    if (left > 0) this.suspects.set(blob, left);
    else this.suspects.delete(blob);
    this.readSince.push(blob);
    for (const oid of this.readSince) {
      if (this.suspects.has(oid) || oid === this.pinned) continue;
      this.bytes.delete(oid);
      this.lines.delete(oid);
    }
    this.readSince.length = 0;
  }
}
