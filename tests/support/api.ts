/** Helpers for API tests: an in-process Yoga over the real seed, and a store that records its batch calls. */

import { DEFAULT_LIMITS, type RequestLimits } from "../../src/config.ts";
import type { EntityKind } from "../../src/graph/model.ts";
import type { EdgeKey, GraphStore } from "../../src/graph/store.ts";
import { createGraphQLHandler } from "../../src/http/yoga.ts";
import { openGraph } from "../../src/store/memory/index.ts";

/** The real seed, loaded once per test file. */
export const store = openGraph();

/** A GraphQL response as JSON. */
export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A store wrapper that records every batch call as `method` or `loadEdges(TYPE,DIRECTION)`. */
export function recordingStore(inner: GraphStore = store): { store: GraphStore; calls: string[] } {
  const calls: string[] = [];
  const edgeLabel = (keys: readonly EdgeKey[]) => {
    const labels = [...new Set(keys.map((key) => `${key.type ?? "*"},${key.direction}`))];
    return `loadEdges(${labels.join(" ")})`;
  };
  /** Record a call's label, then delegate. */
  const record = <T>(label: string, call: () => T): T => {
    calls.push(label);
    return call();
  };
  const recorded: GraphStore = {
    loadNodes: (ids) => record("loadNodes", () => inner.loadNodes(ids)),
    loadRelations: (ids) => record("loadRelations", () => inner.loadRelations(ids)),
    loadEdges: (keys) => record(edgeLabel(keys), () => inner.loadEdges(keys)),
    loadSources: (ids) => record("loadSources", () => inner.loadSources(ids)),
    listEntityIds: (kinds?: readonly EntityKind[]) =>
      record("listEntityIds", () => inner.listEntityIds(kinds)),
    pageEntityIds: (kinds, offset, limit) =>
      record("pageEntityIds", () => inner.pageEntityIds(kinds, offset, limit)),
    search: (query, kinds) => record("search", () => inner.search(query, kinds)),
    stats: () => inner.stats(),
  };
  return { store: recorded, calls };
}

/** Run one GraphQL operation through an in-process Yoga handler (no socket). */
export async function execute<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  over: GraphStore = store,
  limits: RequestLimits = DEFAULT_LIMITS,
): Promise<GraphQLResult<T>> {
  const response = await createGraphQLHandler(over, { limits, log: () => {} }).fetch(
    "http://localhost/graphql",
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query, variables }),
    },
  );
  return (await response.json()) as GraphQLResult<T>;
}

/** Limits wide enough for the exhaustive checks that walk every field of every entity in one query. */
export const EXHAUSTIVE_LIMITS: RequestLimits = {
  ...DEFAULT_LIMITS,
  maxCost: Number.MAX_SAFE_INTEGER,
  maxAliases: 100,
};

/** Encode a global id the way the API does (base64 of `Typename:slug`). */
export function globalId(typename: string, slug: string): string {
  return Buffer.from(`${typename}:${slug}`).toString("base64");
}
