/**
 * Object id → position, for ids kept as 20-byte records in buffers the caller
 * owns: an open-addressing table of positions (8 bytes a commit), where a Map
 * keyed by hex strings costs over a hundred and takes long to build.
 */
export class OidPositions {
  private slots: Int32Array; // position + 1; 0 is empty
  private mask: number;
  private size = 0;
  private readonly probe = Buffer.alloc(20);

  /** `bytesAt(pos)` gives the buffer and offset where position pos's id is. */
  constructor(
    private readonly bytesAt: (pos: number) => [Buffer, number],
    expected = 1024,
  ) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get count(): number {
    return this.size;
  }

  /** Position of a hex id, or -1. */
  get(oid: string): number {
    if (oid.length !== 40) return -1;
    this.probe.write(oid, 0, 'hex');
    return this.find(this.probe, 0);
  }

  /** Position of an id given as bytes, or -1. */
  find(id: Buffer, at: number): number {
    for (let i = id.readUInt32LE(at) & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i]!;
      if (s === 0) return -1;
      const [buf, off] = this.bytesAt(s - 1);
      if (sameId(buf, off, id, at)) return s - 1;
    }
  }

  /** Records a position whose id bytesAt already gives (not already present). */
  add(pos: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const [buf, off] = this.bytesAt(pos);
    this.place(buf.readUInt32LE(off), pos);
    this.size++;
  }

  private place(hash: number, pos: number): void {
    let i = hash & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = pos + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (const s of old) {
      if (s === 0) continue;
      const [buf, off] = this.bytesAt(s - 1);
      this.place(buf.readUInt32LE(off), s - 1);
    }
  }
}

function sameId(a: Buffer, ao: number, b: Buffer, bo: number): boolean {
  for (let k = 0; k < 20; k += 4) if (a.readUInt32LE(ao + k) !== b.readUInt32LE(bo + k)) return false;
  return true;
}
