/**
 * A least-recently-used map bounded by entry count and by total weight (bytes, as the caller measures them), so
 * every per-document or per-request cache has a hard memory ceiling whatever clients send. Recency is a doubly
 * linked list, so a lookup or an eviction costs the same however many entries came and went (a Map reordered by
 * delete-and-set leaves deleted slots that every scan from its oldest entry walks past).
 */

/** One stored value, linked to its neighbours in recency order. */
interface Entry<V> {
  key: string;
  value: V;
  weight: number;
  /** The next older entry. */
  older: Entry<V> | null;
  /** The next newer entry. */
  newer: Entry<V> | null;
}

export class BoundedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private oldest: Entry<V> | null = null;
  private newest: Entry<V> | null = null;
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
    if (hit !== this.newest) {
      this.unlink(hit);
      this.append(hit);
    }
    return hit.value;
  }

  /** Store a value, then evict the least recently used until both bounds hold; too heavy a value is not kept. */
  set(key: string, value: V): void {
    const weight = this.weigh(key, value);
    const previous = this.entries.get(key);
    if (previous) this.remove(previous);
    if (weight > this.maxWeight) return;
    const entry: Entry<V> = { key, value, weight, older: null, newer: null };
    this.entries.set(key, entry);
    this.append(entry);
    this.total += weight;
    while (this.oldest && (this.entries.size > this.maxEntries || this.total > this.maxWeight)) {
      this.remove(this.oldest);
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

  /** Forget an entry. */
  private remove(entry: Entry<V>): void {
    this.entries.delete(entry.key);
    this.unlink(entry);
    this.total -= entry.weight;
  }

  /** Take an entry out of the recency list. */
  private unlink(entry: Entry<V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = null;
    entry.newer = null;
  }

  /** Put an entry at the newest end of the recency list. */
  private append(entry: Entry<V>): void {
    entry.older = this.newest;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }
}
