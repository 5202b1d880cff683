/**
 * A least-recently-used map bounded by entry count and by total weight (bytes, as the caller measures them), so
 * every per-document or per-request cache has a hard memory ceiling whatever clients send.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxWeight: number,
    private readonly weigh: (key: string, value: V) => number,
  ) {}

  /** The value for `key`, marked as most recently used. */
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** Store a value, then evict the least recently used until both bounds hold; too heavy a value is not kept. */
  set(key: string, value: V): void {
    const weight = this.weigh(key, value);
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.total -= previous.weight;
    }
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, stored] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.total <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.total -= stored.weight;
    }
  }

  /** How many values are stored. */
  get size(): number {
    return this.entries.size;
  }

  /** The summed weight of the stored values. */
  get weight(): number {
    return this.total;
  }
}
