/**
 * A cache of GraphQL answers for repeated identical requests. The graph is immutable while the process runs, so
 * a successful answer to the same request is the same answer forever: the server can send the stored bytes
 * without parsing, validating or executing again. Only 200 answers without `errors` are kept, and only what the
 * request determines (status, content type, body): per-request headers such as CORS are computed for every
 * response by the HTTP layer, never replayed from another client's request.
 */
import { BoundedCache } from "./bounded-cache.ts";
import type { Coding } from "./compression.ts";

/** A stored answer: what Yoga produced for one request, without any header that depends on who asked. */
export interface CachedAnswer {
  status: number;
  contentType: string;
  /** The body: bytes, or a string where it was just serialised here (sent in one write with the headers). */
  body: Buffer | string;
  /** The body compressed, per coding, filled in the first time a client asks for that coding. */
  encoded?: Partial<Record<Coding, Buffer>>;
}

/** The size of an answer's body in bytes, as sent. */
export function bodyBytes(answer: CachedAnswer): number {
  return typeof answer.body === "string" ? Buffer.byteLength(answer.body) : answer.body.length;
}

/** What a cached answer may depend on: everything Yoga reads from the request to produce it. */
export interface AnswerKey {
  method: string;
  /** The request path and query string. */
  url: string;
  /** The media type the request body declares, lower-cased, without parameters. */
  contentType: string;
  /** The media types the client accepts, as sent. */
  accept: string;
  body: Buffer | null;
}

/**
 * Which request keys were seen recently, in a fixed 16 KB: a Bloom filter over the last `window` keys, cleared once
 * that many were added. It answers "seen before?" wrongly (yes) for under 1 % of new keys, never the other way.
 */
class RecentKeys {
  private static readonly BITS = 1 << 17;
  private readonly bits = new Uint8Array(RecentKeys.BITS / 8);
  private added = 0;

  constructor(private readonly window: number) {}

  /** Whether `key` was seen within the window; records it either way. */
  seenBefore(key: string): boolean {
    // FNV-1a over the UTF-16 code units, then a second hash derived from it for the filter's three probes.
    let first = 0x811c9dc5;
    for (let index = 0; index < key.length; index++) {
      first = Math.imul(first ^ key.charCodeAt(index), 0x01000193);
    }
    const second = Math.imul(first ^ (first >>> 15), 0x2c1b3c6d) | 1;
    let seen = true;
    for (let probe = 0; probe < 3; probe++) {
      const bit = (first + probe * second) & (RecentKeys.BITS - 1);
      const mask = 1 << (bit & 7);
      if ((this.bits[bit >>> 3] as number) & mask) continue;
      seen = false;
      this.bits[bit >>> 3] = (this.bits[bit >>> 3] as number) | mask;
    }
    if (!seen && ++this.added >= this.window) {
      this.bits.fill(0);
      this.added = 0;
    }
    return seen;
  }
}

/** The fewest distinct requests the second-sight rule remembers, however small the cache. */
const RECENT_KEYS_MIN_WINDOW = 1_000;

/**
 * A least-recently-used map of request → answer, bounded by entry count and total bytes. An answer is stored the
 * second time its request is seen within the last `maxEntries` (at least 1 000) distinct requests: a request asked once (a stream
 * of ever-new variables, or a client scanning the graph) costs no copy, no eviction and no garbage, and cannot push
 * popular answers out.
 */
export class ResponseCache {
  private readonly answers: BoundedCache<CachedAnswer>;
  private readonly recent: RecentKeys;

  // The byte bound is the memory ceiling; the entry bound only caps the map's size. At 1 000 entries a popular-first
  // mix of 1–2 KB answers (bench Q6z: Zipf over 10 000 variable sets) missed about 40 % of the time with 90 % of
  // the 64 MB unused.
  constructor(maxEntries = 10_000, maxBytes = 64 * 1024 * 1024) {
    // Twice the body: room for its compressed forms, which are never larger than the body they compress.
    this.answers = new BoundedCache(
      maxEntries,
      maxBytes,
      (key, answer) => key.length + 2 * bodyBytes(answer),
    );
    this.recent = new RecentKeys(Math.max(RECENT_KEYS_MIN_WINDOW, maxEntries));
  }

  /** The key of a request: every part of it that changes the answer. */
  static key({ method, url, contentType, accept, body }: AnswerKey): string {
    return `${method} ${url}\n${contentType}\n${accept}\n${body ? body.toString("latin1") : ""}`;
  }

  /** The stored answer for `key`, marked as most recently used. */
  get(key: string): CachedAnswer | undefined {
    return this.answers.get(key);
  }

  /**
   * Store an answer if it is a JSON success without GraphQL errors whose request was seen before (see the class
   * comment); evict the least recently used beyond the bounds. `knownWithoutErrors` says the caller serialised a
   * result without errors itself, so the body need not be parsed again to find out. A string body is stored as
   * bytes, off the JS heap.
   */
  offer(key: string, answer: CachedAnswer, knownWithoutErrors = false): void {
    if (answer.status !== 200 || !answer.contentType.includes("json")) return;
    if (!this.recent.seenBefore(key)) return;
    if (bodyBytes(answer) > this.answers.maxWeight / 16) return;
    if (!knownWithoutErrors) {
      try {
        if ((JSON.parse(answer.body.toString("utf8")) as { errors?: unknown }).errors !== undefined) return;
      } catch {
        return;
      }
    }
    const body = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
    // A whole literal, not a spread: every stored answer then shares one hidden class.
    this.answers.set(key, {
      status: answer.status,
      contentType: answer.contentType,
      body,
      encoded: answer.encoded,
    });
  }

  /** How many answers are stored. */
  get size(): number {
    return this.answers.size;
  }
}
