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
  body: Buffer;
  /** The body compressed, per coding, filled in the first time a client asks for that coding. */
  encoded?: Partial<Record<Coding, Buffer>>;
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

/** A least-recently-used map of request → answer, bounded by entry count and total bytes. */
export class ResponseCache {
  private readonly answers: BoundedCache<CachedAnswer>;

  // The byte bound is the memory ceiling; the entry bound only caps the map's size. At 1 000 entries a popular-first
  // mix of 1–2 KB answers (bench Q6z: Zipf over 10 000 variable sets) missed about 40 % of the time with 90 % of
  // the 64 MB unused.
  constructor(maxEntries = 10_000, maxBytes = 64 * 1024 * 1024) {
    // Twice the body: room for its compressed forms, which are never larger than the body they compress.
    this.answers = new BoundedCache(
      maxEntries,
      maxBytes,
      (key, answer) => key.length + 2 * answer.body.length,
    );
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
   * Store an answer if it is a JSON success without GraphQL errors; evict the least recently used beyond the
   * bounds. `knownWithoutErrors` says the caller serialised a result without errors itself, so the body need not
   * be parsed again to find out.
   */
  offer(key: string, answer: CachedAnswer, knownWithoutErrors = false): void {
    if (answer.status !== 200 || answer.body.length > this.answers.maxWeight / 16) return;
    if (!answer.contentType.includes("json")) return;
    if (!knownWithoutErrors) {
      try {
        if ((JSON.parse(answer.body.toString("utf8")) as { errors?: unknown }).errors !== undefined) return;
      } catch {
        return;
      }
    }
    this.answers.set(key, answer);
  }

  /** How many answers are stored. */
  get size(): number {
    return this.answers.size;
  }
}
