/** Bytes kept in all (a 10,000-commit history's commits, about): the commits past it are read again when asked. */
const BUDGET = 2 * 1024 * 1024;
const SLAB = 256 * 1024;

/**
 * The bytes of commits as a new commit index reads them, by position, up to a budget: the walk that follows
 * describes the commits it lists from them instead of finding and inflating each one again (on a 3,000-commit
 * file every commit is listed, and reading them twice was a quarter of a first open). Copied into slabs, so
 * thousands of commits make a few allocations.
 */
export class KeptCommitBytes {
  private readonly views = new Map<number, Uint8Array>();
  private slab = Buffer.alloc(0);
  private used = 0;
  private kept = 0;
  private full = false;

  constructor(private readonly budget = BUDGET) {}

  keep(pos: number, data: Uint8Array): void {
    if (this.full) return;
    if (this.kept + data.length > this.budget || data.length > SLAB) {
      this.full = true;
      return;
    }
    if (this.used + data.length > this.slab.length) {
      this.slab = Buffer.allocUnsafe(SLAB);
      this.used = 0;
    }
    this.slab.set(data, this.used);
    this.views.set(pos, this.slab.subarray(this.used, this.used + data.length));
    this.used += data.length;
    this.kept += data.length;
  }

  get(pos: number): Uint8Array | undefined {
    return this.views.get(pos);
  }
}
