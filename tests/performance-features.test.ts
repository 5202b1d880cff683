import { describe, expect, it } from "vitest";
import { QUERIES, requestBody } from "../bench/queries.ts";
import type { GraphStore } from "../src/graph/store.ts";
import { ResponseCache } from "../src/http/response-cache.ts";
import { startServer } from "../src/http/server.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { recordingStore, store } from "./support/api.ts";

/** Start a server over `over`, POST each body in turn, and return the response texts. */
async function postAll(over: GraphStore, bodies: string[], responseCache: boolean): Promise<string[]> {
  const server = await startServer(over, "127.0.0.1", 0, { responseCache, log: () => {} });
  try {
    const answers: string[] = [];
    for (const body of bodies) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      answers.push(await response.text());
    }
    return answers;
  } finally {
    await server.close();
  }
}

describe("graphql-jit and the response cache change speed, not answers", () => {
  for (const query of QUERIES) {
    it(`${query.id} answers byte-for-byte the same with and without them`, async () => {
      const body = requestBody(query);
      const plain = await createGraphQLHandler(store, { jit: false, log: () => {} }).fetch(
        "http://localhost/graphql",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        },
      );
      const expected = await plain.text();
      expect(JSON.parse(expected).errors).toBeUndefined();
      const answers = [
        ...(await postAll(store, [body, body], false)),
        ...(await postAll(store, [body, body, body], true)),
      ];
      for (const answer of answers) expect(answer).toBe(expected);
    });
  }
});

describe("response cache", () => {
  const q3 = requestBody(QUERIES.find((q) => q.id === "Q3") ?? (QUERIES[0] as (typeof QUERIES)[number]));

  it("answers a repeated identical request without touching the store", async () => {
    const once = recordingStore();
    await postAll(once.store, [q3], true);
    const thrice = recordingStore();
    const answers = await postAll(thrice.store, [q3, q3, q3], true);
    expect(once.calls.length).toBeGreaterThan(0);
    expect(thrice.calls).toEqual(once.calls);
    expect(new Set(answers).size).toBe(1);
    const uncached = recordingStore();
    await postAll(uncached.store, [q3, q3], false);
    expect(uncached.calls.length).toBe(2 * once.calls.length);
  });

  it("keys on variables, and never stores errors or rejections", async () => {
    const query = `query($slug: String!) { entity(slug: $slug) { name } }`;
    const body = (slug: string) => JSON.stringify({ query, variables: { slug } });
    const recorder = recordingStore();
    const [china, who, missing1, missing2] = await postAll(
      recorder.store,
      [body("china"), body("who"), body("atlantis"), body("atlantis")],
      true,
    );
    expect(JSON.parse(china ?? "").data.entity.name).toBe("China");
    expect(JSON.parse(who ?? "").data.entity.name).not.toBe("China");
    expect(JSON.parse(missing2 ?? "").errors[0].extensions.code).toBe("NOT_FOUND");
    expect(missing2).toBe(missing1);
    // china and who once each; the error both times, each time by jit and again by Yoga's executor (for its wording)
    expect(recorder.calls.filter((c) => c === "loadNodes")).toHaveLength(2 + 2 * 2);
  });

  it("still applies the node budget to an operation it could answer from cache", async () => {
    const query = `query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { relations(first: $n) { nodes { type } } } } } } } }`;
    const [small, big] = await postAll(
      store,
      [JSON.stringify({ query, variables: { n: 2 } }), JSON.stringify({ query, variables: { n: 100 } })],
      true,
    );
    expect(JSON.parse(small ?? "").errors).toBeUndefined();
    expect(JSON.parse(big ?? "").errors[0].extensions.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("evicts the least recently used entries beyond its bounds", () => {
    const cache = new ResponseCache(2);
    const ok = (text: string) => ({
      status: 200,
      contentType: "application/json",
      body: Buffer.from(JSON.stringify({ data: { text } })),
    });
    cache.offer("a", ok("a"));
    cache.offer("b", ok("b"));
    expect(cache.get("a")).toBeDefined(); // a is now more recent than b
    cache.offer("c", ok("c"));
    expect([
      cache.get("a") !== undefined,
      cache.get("b") !== undefined,
      cache.get("c") !== undefined,
    ]).toEqual([true, false, true]);
    cache.offer("e", { ...ok("e"), status: 400 });
    cache.offer("f", { ...ok("f"), body: Buffer.from('{"errors":[{"message":"x"}]}') });
    expect(cache.get("e")).toBeUndefined();
    expect(cache.get("f")).toBeUndefined();
  });
});
