/**
 * Pages of all entities of some kinds are cut inside the store (pageEntityIds), never by listing every id, and
 * answer exactly what slicing the whole list answered: same items, cursors, pageInfo and totalCount.
 */
import type { DefaultConnectionArguments } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import type { EntityKind } from "../src/graph/model.ts";
import { paginateEntityIds, paginateKeys } from "../src/schema/pagination.ts";
import { EXHAUSTIVE_LIMITS, execute, recordingStore, store } from "./support/api.ts";

const cursor = (offset: number | string) => Buffer.from(`OffsetConnection:${offset}`).toString("base64");

/** Answer the page as a connection of ids, whether it is cut by the store or sliced from the whole list. */
async function bothWays(args: DefaultConnectionArguments, kinds: readonly EntityKind[]) {
  const identity = async (ids: string[]) => ids;
  const settle = (run: () => Promise<unknown>) =>
    run().then(
      (page) => ({ page }),
      (error: Error) => ({ error: error.message }),
    );
  return {
    paged: await settle(() => paginateEntityIds(args, store, kinds, identity)),
    sliced: await settle(() => paginateKeys(args, store.listEntityIds(kinds), identity)),
  };
}

describe("entity pages cut inside the store", () => {
  const total = store.listEntityIds(["COMMITMENT"]).length;
  const argumentSets: DefaultConnectionArguments[] = [
    {},
    { first: 0 },
    { first: 5 },
    { first: 100 },
    { first: 5, after: cursor(3) },
    { first: 5, after: cursor(total - 2) },
    { first: 5, after: cursor(total + 10) },
    { first: 5, after: cursor(-1) },
    { first: 5, after: cursor("x") },
    { last: 3, before: cursor(10) },
    { last: 3, before: cursor(1) },
    { first: 2, last: 1 },
    { first: 10, after: cursor(2), before: cursor(6) },
    { last: 4 },
    { first: 5, after: "garbage" },
    { first: 101 },
  ];
  const kindSets: EntityKind[][] = [[], ["COMMITMENT"], ["PERSON", "COUNTRY"], ["TOPIC", "TOPIC"]];

  it.each(kindSets.flatMap((kinds) => argumentSets.map((args) => [kinds, args] as const)))(
    "kinds %j, %j: the same page as slicing the whole list",
    async (kinds, args) => {
      const { paged, sliced } = await bothWays(args, kinds);
      expect(paged).toEqual(sliced);
    },
  );

  it("answers a page of every entity with one pageEntityIds call and no listEntityIds", async () => {
    const recorder = recordingStore();
    const result = await execute(
      `{ entities(first: 3, after: "${cursor(4)}") { totalCount nodes { slug } }
         topics(last: 2) { totalCount nodes { slug } } }`,
      {},
      recorder.store,
      EXHAUSTIVE_LIMITS,
    );
    expect(result.errors).toBeUndefined();
    expect(recorder.calls).toEqual(["pageEntityIds", "pageEntityIds", "loadNodes"]);
  });
});
