/**
 * One contract, every store: the memory store, PGlite and (with DATABASE_URL) a real PostgreSQL server answer
 * the batch interface alike, and the API over each answers the same JSON bytes as over the memory store.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, type RequestLimits } from "../src/config.ts";
import { ENTITY_KINDS, type EntityKind, RELATION_TYPES, type RelationType } from "../src/graph/model.ts";
import { type EdgeHeader, type EdgeKey, type GraphStore, NotFoundError } from "../src/graph/store.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { DEFAULT_SEED_DIR, openGraph } from "../src/store/memory/index.ts";
import { EXHAUSTIVE_LIMITS, recordingStore } from "./support/api.ts";
import { VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";
import { type OpenedStore, storeKinds } from "./support/stores.ts";

// One snapshot of the seed for every store, so an edit to seed/ during the run cannot tell them apart.
const seedSnapshot = mkdtempSync(join(tmpdir(), "seed-snapshot-"));
cpSync(DEFAULT_SEED_DIR, seedSnapshot, { recursive: true });
afterAll(() => rmSync(seedSnapshot, { recursive: true, force: true }));
const reference = openGraph(seedSnapshot);
const fixtureDir = writeSeed({ "graph.yaml": VALID_GRAPH });

/** Run one operation over `store` and return the response body as sent. */
async function responseBytes(
  store: GraphStore,
  query: string,
  variables: Record<string, unknown> = {},
  limits: RequestLimits = DEFAULT_LIMITS,
): Promise<string> {
  const response = await createGraphQLHandler(store, { limits, log: () => {} }).fetch(
    "http://localhost/graphql",
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query, variables }),
    },
  );
  return response.text();
}

/** A cursor as the API issues them: the base64 of a list position. */
const cursor = (offset: number) => Buffer.from(`OffsetConnection:${offset}`).toString("base64");

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const README_EXAMPLES = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

/** Queries whose answers must be byte-identical whichever store serves them (search ranks differ by design). */
const API_QUERIES: Array<[string, string, Record<string, unknown>]> = [
  ...README_EXAMPLES.filter((query) => !/\bsearch\s*\(/.test(query)).map(
    (query, index): [string, string, Record<string, unknown>] => [`README example ${index + 1}`, query, {}],
  ),
  [
    "persons → proposed → commitments → committedBy",
    `query($people: Int!) { entities(kinds: [PERSON], first: $people) { totalCount nodes { slug
      ... on Person { proposed(first: 100) { nodes { slug commitments(first: 100) { nodes { statement
        committedBy(first: 100) { nodes { slug } } evidence { quote section document { title } } } } } } } } } }`,
    { people: 100 },
  ],
  [
    "depth-3 neighbourhood, limit 500",
    `{ neighborhood(id: "${Buffer.from("Person:xi-jinping").toString("base64")}", depth: 3, limit: 500) {
      nodes { slug } edges { type from { slug } to { slug } } } }`,
    {},
  ],
  [
    "relations with evidence and qualifiers (loaded by id behind the edge headers)",
    `{ entity(slug: "xi-jinping") { relations(first: 100) { totalCount nodes { id type label source target
      from { slug } to { slug } evidence { quote } qualifiers { attribution inferred note date } } } } }`,
    {},
  ],
  [
    "MAKES links narrowed by attribution, in a filter, facets and both directions",
    `{ direct: commitments(first: 100, filter: { committer: "china", attribution: [DIRECT] }) { totalCount nodes { slug } }
      derived: commitments(first: 100, filter: { committer: "china", attribution: [CAPACITY, MEMBERSHIP] }) { totalCount }
      commitmentFacets(filter: { attribution: [DIRECT] }) { total byCommitter { entity { slug } count } }
      actor(slug: "china") { commitments(first: 100, attribution: [CAPACITY]) { totalCount nodes { slug
        committedBy(first: 20, attribution: [DIRECT]) { nodes { slug } } } } } }`,
    {},
  ],
  [
    "pages of entities cut inside the store, forwards and backwards",
    `{ all: entities(first: 3, after: "${cursor(4)}") { totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor } edges { cursor node { slug } } }
      some: entities(kinds: [PERSON, COUNTRY], last: 2, before: "${cursor(7)}") { totalCount pageInfo { hasPreviousPage hasNextPage } edges { cursor node { slug } } }
      actors(last: 3) { totalCount edges { cursor node { slug } } }
      topics(first: 2, after: "${cursor(1)}") { totalCount edges { cursor node { slug } } }
      initiatives(first: 100) { totalCount pageInfo { hasNextPage } nodes { slug } }
      places(first: 5, after: "${cursor(100000)}") { totalCount pageInfo { hasNextPage endCursor } nodes { slug } } }`,
    {},
  ],
  [
    "paths between two entities",
    `{ entity(slug: "xi-jinping") { pathsTo(to: "chongqing", maxDepth: 4, first: 5) { length steps { relation { type } } } } }`,
    {},
  ],
  [
    "entities of every kind, paged",
    `{ entities(first: 100, after: null) { totalCount pageInfo { hasNextPage endCursor } nodes { slug name } } }`,
    {},
  ],
];

describe.each(storeKinds())("GraphStore contract: $name", (kind) => {
  let fixture: OpenedStore;
  let real: OpenedStore;

  beforeAll(async () => {
    fixture = await kind.open(fixtureDir);
    real = await kind.open(seedSnapshot);
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
    await real?.close();
  });

  it("answers nodes in key order with a NotFoundError per missing key", async () => {
    const result = await fixture.store.loadNodes(["bob", "nobody", "alice", "bob"]);
    expect(result.map((r) => (r instanceof NotFoundError ? `missing:${r.key}` : r.id))).toEqual([
      "bob",
      "missing:nobody",
      "alice",
      "bob",
    ]);
    expect((result[1] as NotFoundError).code).toBe("NOT_FOUND");
    expect(await fixture.store.loadNodes([])).toEqual([]);
  });

  it("answers relations and sources by id, with a NotFoundError per missing id", async () => {
    const relations = await fixture.store.loadRelations(["x~HOSTS~y", "acme~HOSTS~forum"]);
    expect(relations[0]).toBeInstanceOf(NotFoundError);
    expect(relations[1]).toMatchObject({ type: "HOSTS", from: "acme", to: "forum" });
    const sources = await fixture.store.loadSources(["tiny", "nope"]);
    expect(sources[0]).toMatchObject({ id: "tiny" });
    expect(sources[1]).toBeInstanceOf(NotFoundError);
  });

  it("holds every entity, relation and source of the real seed exactly as the memory store does", async () => {
    const ids = reference.listEntityIds();
    expect(await real.store.loadNodes([...ids, "missing"])).toEqual(reference.loadNodes([...ids, "missing"]));
    const relationIds = [
      ...new Set(
        reference
          .loadEdges(ids.map((nodeId) => ({ nodeId, type: null, direction: "OUTGOING" })))
          .flat()
          .map((r) => r.id),
      ),
    ];
    expect(await real.store.loadRelations(relationIds)).toEqual(reference.loadRelations(relationIds));
    const sourceIds = [
      ...new Set(
        reference
          .loadNodes(ids)
          .flatMap((e) => (e instanceof NotFoundError ? [] : e.evidence.map((q) => q.sourceId))),
      ),
    ];
    expect(await real.store.loadSources(sourceIds)).toEqual(reference.loadSources(sourceIds));
    expect(real.store.stats()).toEqual(reference.stats());
  });

  it("lists every node's edges in the memory store's order, for every type and direction", async () => {
    const types: Array<RelationType | null> = [null, ...RELATION_TYPES];
    const keys: EdgeKey[] = [...reference.listEntityIds(), "missing"].flatMap((nodeId) =>
      (["OUTGOING", "INCOMING", "BOTH"] as const).flatMap((direction) =>
        types.map((type) => ({ nodeId, type, direction })),
      ),
    );
    const answer = await real.store.loadEdges(keys);
    expect(answer.map((edges) => edges.map((r) => r.id))).toEqual(
      reference.loadEdges(keys).map((edges) => edges.map((r) => r.id)),
    );
    const headers = (lists: readonly EdgeHeader[][]) =>
      lists.map((edges) => edges.map(({ id, type, from, to }) => ({ id, type, from, to })));
    // A store may answer whole relations (the memory store does) or headers only; every field of a header matches.
    expect(headers(answer)).toEqual(headers(reference.loadEdges(keys)));
  });

  it("lists entity ids by kind in seed order", async () => {
    expect(await fixture.store.listEntityIds(["PERSON"])).toEqual(["alice", "bob"]);
    expect(await fixture.store.listEntityIds(["COMMITMENT", "TOPIC"])).toEqual([
      "trees",
      "acme-pledge-forum",
      "bob-call-plant-trees",
    ]);
    for (const kinds of [[], ...ENTITY_KINDS.map((k) => [k]), ["PERSON", "COUNTRY"]] as const) {
      expect(await real.store.listEntityIds(kinds)).toEqual(reference.listEntityIds(kinds));
    }
  });

  it("pages entity ids as windows of the seed-ordered list, with the list's length", async () => {
    const kindSets: EntityKind[][] = [[], ["PERSON"], ["COMMITMENT"], ["PERSON", "COUNTRY", "PERSON"]];
    for (const kinds of kindSets) {
      const all = reference.listEntityIds(kinds);
      for (const [offset, limit] of [
        [0, 1],
        [0, 26],
        [3, 5],
        [all.length - 2, 5],
        [all.length, 3],
        [all.length + 50, 3],
        [1e10, 3],
      ] as const) {
        expect(await real.store.pageEntityIds(kinds, offset, limit), `${kinds} ${offset}`).toEqual({
          ids: all.slice(offset, offset + limit),
          total: all.length,
        });
      }
    }
  });

  it.each([
    ["an exact name", "Chongqing", "chongqing"],
    ["a prefix", "chongq", "chongqing"],
    ["a typo", "vacine", "vaccines"],
    ["a two-word name", "Xi Jinping", "xi-jinping"],
  ])("search finds %s (%s) with the right top hit", async (_what, query, top) => {
    const hits = await real.store.search(query);
    expect(hits[0]?.entityId).toBe(top);
    expect(hits[0]?.snippet).toContain("<mark>");
    expect(hits[0]?.matchedTerms.length).toBeGreaterThan(0);
    expect(["name", "aliases", "statement", "description", "sentences"]).toContain(hits[0]?.field);
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("search filters by kind, finds nothing for nonsense, and ignores punctuation", async () => {
    const commitments = await real.store.search("vaccine", ["COMMITMENT"]);
    expect(commitments.length).toBeGreaterThan(0);
    for (const hit of commitments)
      expect(reference.loadNodes([hit.entityId])[0]).toMatchObject({ kind: "COMMITMENT" });
    expect(await real.store.search("qqqzzxxy")).toEqual([]);
    expect(await real.store.search("  ,.;!  ")).toEqual([]);
    expect(await real.store.search("%_\\'")).toEqual([]);
  });

  it.each(API_QUERIES)("API answers %s with the memory store's bytes", async (_name, query, variables) => {
    const expected = await responseBytes(reference, query, variables, EXHAUSTIVE_LIMITS);
    expect(expected).not.toContain('"errors"');
    expect(await responseBytes(real.store, query, variables, EXHAUSTIVE_LIMITS)).toBe(expected);
  });

  it("makes the same sequence of batch calls per request as the memory store", async () => {
    const chain = API_QUERIES.find(([name]) => name.startsWith("persons → proposed"));
    const [query, variables] = [chain?.[1] as string, { people: 100 }];
    const over = recordingStore(real.store);
    const memory = recordingStore(reference);
    await responseBytes(over.store, query, variables, EXHAUSTIVE_LIMITS);
    await responseBytes(memory.store, query, variables, EXHAUSTIVE_LIMITS);
    // Answers that arrive in different ticks may split one hop's batch in two; the hops themselves must match,
    // and no hop may turn into a call per key.
    const hops = (calls: string[]) => calls.filter((call, i) => call !== calls[i - 1]);
    expect(hops(over.calls)).toEqual(hops(memory.calls));
    expect(over.calls.length).toBeLessThanOrEqual(memory.calls.length * 2);
    expect(over.calls.length).toBeGreaterThan(2);
  });
});
