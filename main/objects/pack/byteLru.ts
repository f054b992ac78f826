/**
 * A cache bounded by bytes that keeps what was used recently: two generations,
 * the young one filled until it holds half the budget, then it becomes the old
 * one (the old one is dropped). A hit in the old generation moves to the young.
 * O(1) per call, with no iteration over maps (which V8 makes slow after many deletes).
 */
export class ByteLru<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number,
  ) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    const size = this.sizeOf(value) + 64;
    if (size > this.maxBytes / 4) return;
    if (this.young.has(key)) return;
    if (this.youngBytes + size > this.maxBytes / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, value);
    this.youngBytes += size;
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngBytes = 0;
  }
}
