import { describe, expect, it } from "vitest";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { EXHAUSTIVE_LIMITS, execute, recordingStore } from "./support/api.ts";

/** persons → proposed → commitments → committedBy, with each commitment's evidence → document. */
const CHAIN = /* GraphQL */ `
  query Chain($people: Int!) {
    entities(kinds: [PERSON], first: $people) {
      nodes {
        ... on Person {
          proposed(first: 100) {
            nodes {
              commitments(first: 100) {
                nodes {
                  statement
                  committedBy(first: 100) { nodes { slug } }
                  evidence { quote document { title } }
                }
              }
            }
          }
        }
      }
    }
  }
`;

interface ChainData {
  entities: {
    nodes: { proposed?: { nodes: { commitments: { nodes: { committedBy: { nodes: unknown[] } }[] } }[] } }[];
  };
}

describe("batching: one store call per relation type per hop", () => {
  it("walks the chain for all persons with a fixed sequence of batch calls", async () => {
    const recorder = recordingStore();
    const result = await execute<ChainData>(CHAIN, { people: 100 }, recorder.store, EXHAUSTIVE_LIMITS);
    expect(result.errors).toBeUndefined();
    const commitments = result.data?.entities.nodes
      .flatMap((p) => p.proposed?.nodes ?? [])
      .flatMap((i) => i.commitments.nodes);
    // The hop really fans out: many commitments, each with committers, across several initiatives.
    expect(commitments?.length).toBeGreaterThan(20);
    expect(recorder.calls).toEqual([
      "pageEntityIds", // one page of persons, cut inside the store
      "loadNodes", // persons
      "loadEdges(PROPOSES,OUTGOING)",
      "loadNodes", // initiatives
      "loadEdges(CONTAINS,OUTGOING)",
      "loadNodes", // commitments
      "loadEdges(MAKES,INCOMING)",
      "loadNodes", // committers and the evidence's documents, batched together
    ]);
  });

  it("makes the same calls whether a hop returns one entity or many", async () => {
    const one = recordingStore();
    const many = recordingStore();
    await execute(CHAIN, { people: 1 }, one.store, EXHAUSTIVE_LIMITS);
    await execute(CHAIN, { people: 100 }, many.store, EXHAUSTIVE_LIMITS);
    expect(one.calls).toEqual(many.calls);
  });

  it("starts every request with empty loaders (no cross-request cache in one server)", async () => {
    const recorder = recordingStore();
    const handler = createGraphQLHandler(recorder.store, { log: () => {} });
    const request = () =>
      handler.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `{ entity(slug: "xi-jinping") { name } }` }),
      });
    expect(await (await request()).json()).toEqual({ data: { entity: { name: "Xi Jinping" } } });
    await request();
    expect(recorder.calls).toEqual(["loadNodes", "loadNodes"]);
  });
});

describe("batching: edge batches carry headers, whole relations load only when selected", () => {
  const RELATIONS = (fields: string) =>
    `{ entity(slug: "xi-jinping") { relations(first: 100) { nodes { type from { id } to { id } ${fields} } } } }`;

  it("follows relations selecting only types and endpoints without loading a relation", async () => {
    const recorder = recordingStore();
    const result = await execute(RELATIONS(""), {}, recorder.store, EXHAUSTIVE_LIMITS);
    expect(result.errors).toBeUndefined();
    expect(recorder.calls).toEqual(["loadNodes", "loadEdges(*,BOTH)", "loadNodes"]);
  });

  it("loads every listed relation in one batch when evidence and qualifiers are selected", async () => {
    const recorder = recordingStore();
    const result = await execute(
      RELATIONS("evidence { quote } qualifiers { inferred }"),
      {},
      recorder.store,
      EXHAUSTIVE_LIMITS,
    );
    expect(result.errors).toBeUndefined();
    expect(recorder.calls).toEqual(["loadNodes", "loadEdges(*,BOTH)", "loadNodes", "loadRelations"]);
  });

  it("walks a neighbourhood on headers, and loads its relations in one batch only for their qualifiers", async () => {
    const id = Buffer.from("Person:xi-jinping").toString("base64");
    const query = (fields: string) =>
      `{ neighborhood(id: "${id}", depth: 2, limit: 100) { nodes { slug } edges { type ${fields} } } }`;
    const headers = recordingStore();
    expect((await execute(query(""), {}, headers.store, EXHAUSTIVE_LIMITS)).errors).toBeUndefined();
    expect(headers.calls).not.toContain("loadRelations");
    const whole = recordingStore();
    expect(
      (await execute(query("qualifiers { note }"), {}, whole.store, EXHAUSTIVE_LIMITS)).errors,
    ).toBeUndefined();
    expect(whole.calls).toEqual([...headers.calls, "loadRelations"]);
  });

  it("reads MAKES qualifiers in one batch only when an attribution narrows the links", async () => {
    const query = (attribution: string) =>
      `{ actor(slug: "china") { commitments(first: 5${attribution}) { nodes { slug } } } }`;
    const all = recordingStore();
    expect((await execute(query(""), {}, all.store, EXHAUSTIVE_LIMITS)).errors).toBeUndefined();
    expect(all.calls).toEqual(["loadNodes", "loadEdges(MAKES,OUTGOING)", "loadNodes"]);
    const narrowed = recordingStore();
    const result = await execute(query(", attribution: [DIRECT]"), {}, narrowed.store, EXHAUSTIVE_LIMITS);
    expect(result.errors).toBeUndefined();
    expect(narrowed.calls).toEqual(["loadNodes", "loadEdges(MAKES,OUTGOING)", "loadRelations", "loadNodes"]);
  });
});
