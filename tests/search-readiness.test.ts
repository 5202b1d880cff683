/**
 * The server's store opens before its full-text index is built (openGraphAsync): graph queries are answered at
 * once, `search` answers SEARCH_NOT_READY until the index is done, then answers as the synchronously opened store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSeed } from "../bench/generate-seed.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { openGraph, openGraphAsync } from "../src/store/memory/index.ts";

/** Large enough that building the full-text index takes many slices of work. */
const SEED_RELATIONS = 20_000;

describe("search is built off the start-up path", () => {
  let seedDir: string;
  beforeAll(() => {
    seedDir = mkdtempSync(join(tmpdir(), "search-readiness-"));
    generateSeed(seedDir, SEED_RELATIONS);
  });
  afterAll(() => rmSync(seedDir, { recursive: true, force: true }));

  it("answers graph queries at once, SEARCH_NOT_READY for search until the index is built, then the same hits", async () => {
    const store = await openGraphAsync(seedDir);
    expect(store.searchReady).toBe(false);
    const handler = createGraphQLHandler(store, { log: () => {} });
    const post = async (query: string) => {
      const response = await handler.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as {
        data?: unknown;
        errors?: Array<{ extensions?: { code?: string } }>;
      };
    };
    const searchQuery = '{ search(query: "topic", first: 3) { totalCount nodes { entity { slug } } } }';
    expect(await post('{ entity(slug: "topic-0") { slug } }')).toEqual({
      data: { entity: { slug: "topic-0" } },
    });
    const early = await post(searchQuery);
    expect(early.errors?.map((error) => error.extensions?.code)).toEqual(["SEARCH_NOT_READY"]);

    await store.buildSearchInBackground();
    expect(store.searchReady).toBe(true);
    const late = await post(searchQuery);
    const reference = await createGraphQLHandler(openGraph(seedDir), { log: () => {} }).fetch(
      "http://localhost/graphql",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: searchQuery }),
      },
    );
    expect(late).toEqual(await reference.json());
    expect(late.errors).toBeUndefined();
  });
});
