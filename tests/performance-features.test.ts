import { describe, expect, it } from "vitest";
import { QUERIES, requestBody } from "../bench/queries.ts";
import { createGraphQLHandler, type HandlerOptions } from "../src/yoga.ts";
import { recordingStore, store } from "./support/api.ts";

/** POST one body through a handler and return the response text. */
async function run(handler: ReturnType<typeof createGraphQLHandler>, body: string): Promise<string> {
  const response = await handler.fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return response.text();
}

describe("graphql-jit and the response cache change speed, not answers", () => {
  const variants: HandlerOptions[] = [
    { jit: false, responseCache: false },
    { jit: true, responseCache: false },
    { jit: true, responseCache: true },
  ];

  for (const query of QUERIES) {
    it(`${query.id} answers byte-for-byte the same with and without them`, async () => {
      const answers = [];
      for (const options of variants) {
        const handler = createGraphQLHandler(store, { ...options, log: () => {} });
        answers.push(await run(handler, requestBody(query)), await run(handler, requestBody(query)));
      }
      expect(JSON.parse(answers[0] ?? "{}").errors).toBeUndefined();
      expect(new Set(answers).size).toBe(1);
    });
  }
});

describe("response cache", () => {
  it("answers a repeated identical operation without touching the store", async () => {
    const recorder = recordingStore();
    const handler = createGraphQLHandler(recorder.store, { responseCache: true, log: () => {} });
    const chain = QUERIES.find((q) => q.id === "Q3");
    if (!chain) throw new Error("Q3 missing");
    const body = requestBody(chain);
    const first = await run(handler, body);
    const callsAfterFirst = recorder.calls.length;
    expect(callsAfterFirst).toBeGreaterThan(0);
    expect(await run(handler, body)).toBe(first);
    expect(recorder.calls.length).toBe(callsAfterFirst);
  });

  it("keys on variables, and does not cache errors", async () => {
    const recorder = recordingStore();
    const handler = createGraphQLHandler(recorder.store, { responseCache: true, log: () => {} });
    const query = `query($slug: String!) { entity(slug: $slug) { name } }`;
    const china = await run(handler, JSON.stringify({ query, variables: { slug: "china" } }));
    const who = await run(handler, JSON.stringify({ query, variables: { slug: "who" } }));
    expect(JSON.parse(china).data.entity.name).toBe("China");
    expect(JSON.parse(who).data.entity.name).not.toBe("China");
    const missing = JSON.stringify({ query, variables: { slug: "atlantis" } });
    await run(handler, missing);
    const before = recorder.calls.length;
    const again = await run(handler, missing);
    expect(JSON.parse(again).errors[0].extensions.code).toBe("NOT_FOUND");
    expect(recorder.calls.length).toBeGreaterThan(before);
  });

  it("still applies the node budget to an operation it could answer from cache", async () => {
    const handler = createGraphQLHandler(store, { responseCache: true, log: () => {} });
    const query = `query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { relations(first: $n) { nodes { type } } } } } } } }`;
    const small = await run(handler, JSON.stringify({ query, variables: { n: 2 } }));
    expect(JSON.parse(small).errors).toBeUndefined();
    const big = await run(handler, JSON.stringify({ query, variables: { n: 100 } }));
    expect(JSON.parse(big).errors[0].extensions.code).toBe("QUERY_TOO_COMPLEX");
  });
});
