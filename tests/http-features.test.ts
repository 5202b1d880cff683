/** Response compression and automatic persisted queries, over real sockets on 127.0.0.1. */
import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { getIntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { chooseCoding } from "../src/http/compression.ts";
import { PERSISTED_QUERY_LIMITS, PersistedQueries } from "../src/http/persisted-queries.ts";
import { codes, post, send, serve } from "./support/http.ts";

const introspection = { query: getIntrospectionQuery() };
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("compression", () => {
  it("picks brotli, then gzip, honouring q=0 and *", () => {
    expect(chooseCoding("gzip, deflate, br")).toBe("br");
    expect(chooseCoding("gzip, br;q=0")).toBe("gzip");
    expect(chooseCoding("br;q=0.5, gzip;q=0.9")).toBe("gzip");
    expect(chooseCoding("*")).toBe("br");
    expect(chooseCoding("identity")).toBeNull();
    expect(chooseCoding(undefined)).toBeNull();
  });

  it("compresses large answers as the client accepts, the same bytes once decoded, on cache hits too", async () => {
    const server = await serve();
    const plain = await post(server, introspection);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.raw.length).toBeGreaterThan(100_000);
    for (const [coding, decode] of [
      ["br", brotliDecompressSync],
      ["gzip", gunzipSync],
    ] as const) {
      for (const round of ["miss or hit", "hit"]) {
        const answer = await post(server, introspection, { "accept-encoding": coding });
        expect(answer.headers["content-encoding"], round).toBe(coding);
        expect(answer.headers.vary).toMatch(/Accept-Encoding/);
        expect(Number(answer.headers["content-length"])).toBe(answer.raw.length);
        expect(answer.raw.length).toBeLessThan(plain.raw.length / 5);
        expect(decode(answer.raw).toString()).toBe(plain.body);
      }
    }
  });

  it("leaves answers under 1 KB as they are", async () => {
    const server = await serve();
    const small = await post(server, { query: "{ __typename }" }, { "accept-encoding": "br, gzip" });
    expect([small.headers["content-encoding"], small.body]).toEqual([
      undefined,
      '{"data":{"__typename":"Query"}}',
    ]);
  });
});

describe("automatic persisted queries", () => {
  const query = `{ entity(slug: "china") { name } }`;
  const extension = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, then serves it once registered (POST and GET)", async () => {
    const server = await serve();
    const hash = sha256(query);
    const unknown = await post(server, { extensions: extension(hash) });
    expect([unknown.status, codes(unknown)]).toEqual([200, ["PERSISTED_QUERY_NOT_FOUND"]]);
    const registered = await post(server, { query, extensions: extension(hash) });
    expect(JSON.parse(registered.body)).toEqual({ data: { entity: { name: "China" } } });
    const byHash = await post(server, { extensions: extension(hash) });
    expect(JSON.parse(byHash.body)).toEqual({ data: { entity: { name: "China" } } });
    const viaGet = await send(server, {
      method: "GET",
      path: `/graphql?extensions=${encodeURIComponent(JSON.stringify(extension(hash)))}`,
      headers: { accept: "application/graphql-response+json" },
    });
    expect(JSON.parse(viaGet.body)).toEqual({ data: { entity: { name: "China" } } });
  });

  it("refuses a hash that does not match its query, a malformed hash and another version with 400", async () => {
    const server = await serve();
    const cases = [
      { query, extensions: extension(sha256("{ __typename }")) },
      { extensions: extension("not-a-hash") },
      { query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } } },
    ];
    for (const payload of cases) {
      const answer = await post(server, payload);
      expect([answer.status, codes(answer)], JSON.stringify(payload)).toEqual([400, ["BAD_REQUEST"]]);
    }
  });

  it("stores only checked queries, at most the bound, whatever hashes clients send", () => {
    const persisted = new PersistedQueries();
    for (let i = 0; i < 500; i++) persisted.resolve({ extensions: extension(sha256(`forged ${i}`)) });
    expect(persisted.size).toBe(0);
    for (let i = 0; i < PERSISTED_QUERY_LIMITS.entries + 200; i++) {
      const text = `{ q${i}: __typename }`;
      expect(persisted.resolve({ query: text, extensions: extension(sha256(text)) }).kind).toBe("unchanged");
    }
    expect(persisted.size).toBe(PERSISTED_QUERY_LIMITS.entries);
  });
});
