/**
 * A cache of whole HTTP responses for repeated identical GraphQL requests. The graph is immutable while the
 * process runs, so a successful answer to the same request bytes is the same answer forever: the server can send
 * the stored bytes without parsing, validating or executing again. Only 200 answers without `errors` are kept.
 */

/** A stored response. */
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A least-recently-used map of request key → response, bounded by entry count and total bytes. */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 1000,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The key of a request: what its answer can depend on (method, URL, negotiated media type, body). */
  static key(method: string, url: string, accept: string, body: Buffer | null): string {
    return `${method} ${url}\n${accept}\n${body ? body.toString("latin1") : ""}`;
  }

  /** The stored response for `key`, marked as most recently used. */
  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Store a response if it is a success without GraphQL errors; evict the least recently used beyond the bounds. */
  offer(key: string, response: CachedResponse): void {
    if (response.status !== 200 || response.body.length > this.maxBytes / 16) return;
    const contentType = response.headers["content-type"] ?? "";
    if (!contentType.includes("json")) return;
    try {
      if ((JSON.parse(response.body.toString("utf8")) as { errors?: unknown }).errors !== undefined) return;
    } catch {
      return;
    }
    const previous = this.entries.get(key);
    if (previous) this.bytes -= previous.body.length + key.length;
    this.entries.set(key, response);
    this.bytes += response.body.length + key.length;
    for (const [oldest, stored] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= stored.body.length + oldest.length;
    }
  }

  /** How many responses are stored. */
  get size(): number {
    return this.entries.size;
  }
}
