/** A least-recently-used map bounded by the bytes of its values. */
export class ByteLru<K, V extends { length: number }> {
  private readonly map = new Map<K, V>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    if (value.length > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.length;
      this.map.delete(key);
    }
    this.map.set(key, value);
    this.bytes += value.length;
    while (this.bytes > this.maxBytes) {
      const first = this.map.keys().next().value as K;
      this.bytes -= this.map.get(first)!.length;
      this.map.delete(first);
    }
  }
}
