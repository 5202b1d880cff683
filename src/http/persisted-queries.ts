/**
 * Automatic persisted queries, as Apollo clients speak them: a client sends only the SHA-256 of its query; an
 * unknown hash gets PERSISTED_QUERY_NOT_FOUND, and the client resends hash and query, which is stored once the hash
 * is checked. Only checked queries are stored, in a cache bounded by count and bytes, so unknown or forged hashes
 * cannot grow memory.
 */
import { createHash } from "node:crypto";
import { BoundedCache } from "./bounded-cache.ts";

/** Bounds of the store of persisted queries. */
export const PERSISTED_QUERY_LIMITS = { entries: 1000, bytes: 4 * 1024 * 1024 } as const;

/** A request as the HTTP layer passes it on, or the answer it gets instead. */
export type PersistedOutcome =
  | { kind: "unchanged" }
  | { kind: "rewritten"; payload: Record<string, unknown> }
  | { kind: "refused"; status: number; code: string; message: string };

/** The `persistedQuery` extension of a request payload, if it has one. */
function persistedExtension(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  const extensions = payload.extensions;
  if (extensions === null || typeof extensions !== "object") return undefined;
  const persisted = (extensions as Record<string, unknown>).persistedQuery;
  return persisted !== null && typeof persisted === "object"
    ? (persisted as Record<string, unknown>)
    : undefined;
}

/** The store of persisted queries and the protocol around it. */
export class PersistedQueries {
  private readonly queries = new BoundedCache<string>(
    PERSISTED_QUERY_LIMITS.entries,
    PERSISTED_QUERY_LIMITS.bytes,
    (hash, query) => hash.length + query.length,
  );

  /** Resolve a request payload: fill in a known query, register a new one, or say why it cannot run. */
  resolve(payload: Record<string, unknown>): PersistedOutcome {
    const persisted = persistedExtension(payload);
    if (!persisted) return { kind: "unchanged" };
    if (persisted.version !== 1) {
      return {
        kind: "refused",
        status: 400,
        code: "BAD_REQUEST",
        message: "Only persisted query version 1 is supported.",
      };
    }
    const hash = persisted.sha256Hash;
    if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) {
      return {
        kind: "refused",
        status: 400,
        code: "BAD_REQUEST",
        message: "`persistedQuery.sha256Hash` must be 64 lower-case hex digits.",
      };
    }
    if (typeof payload.query === "string") {
      if (createHash("sha256").update(payload.query).digest("hex") !== hash) {
        return {
          kind: "refused",
          status: 400,
          code: "BAD_REQUEST",
          message: "provided sha does not match query",
        };
      }
      this.queries.set(hash, payload.query);
      return { kind: "unchanged" };
    }
    const query = this.queries.get(hash);
    if (query === undefined) {
      // 200, as Apollo Server answers it: clients read the code and resend the query with its hash.
      return {
        kind: "refused",
        status: 200,
        code: "PERSISTED_QUERY_NOT_FOUND",
        message: "PersistedQueryNotFound",
      };
    }
    return { kind: "rewritten", payload: { ...payload, query } };
  }

  /** How many queries are stored. */
  get size(): number {
    return this.queries.size;
  }
}
