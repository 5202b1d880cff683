import { describe, expect, it } from "vitest";
import { RELATION_TYPES, type Relation, type RelationType } from "../src/graph/model.ts";
import { runSteps } from "../src/graph/steps.ts";
import { EdgeIndex } from "../src/store/memory/edge-index.ts";

/** Random relations over `nodes` nodes, a few of them hubs with hundreds of edges, self-loops included. */
function randomRelations(nodes: number, count: number, seed: number): Relation[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, (_, n) => {
    // Half the relations touch node 0 or 1, so their lists are long enough to be kept.
    const from = random(4) === 0 ? 0 : random(nodes);
    const to = random(4) === 0 ? 1 : random(nodes);
    const type = RELATION_TYPES[random(4)] as RelationType;
    return { id: `r${n}`, type, from: `n${from}`, to: `n${to}`, evidence: [] } as unknown as Relation;
  });
}

describe("the memory store's compact edge index", () => {
  it("lists exactly what filtering every relation would, in seed order, for every node, type and direction", () => {
    const nodes = 40;
    const relations = randomRelations(nodes, 3_000, 11);
    const nodeIndex = new Map(Array.from({ length: nodes }, (_, n) => [`n${n}`, n]));
    const index = runSteps(EdgeIndex.build(relations, nodeIndex));
    const naive = (nodeId: string, type: RelationType | null, direction: "OUTGOING" | "INCOMING" | "BOTH") =>
      relations.filter(
        (r) =>
          (type === null || r.type === type) &&
          ((direction !== "INCOMING" && r.from === nodeId) || (direction !== "OUTGOING" && r.to === nodeId)),
      );
    let longLists = 0;
    for (let pass = 0; pass < 2; pass++) {
      // The second pass reads the long lists the first one kept.
      for (const nodeId of [...nodeIndex.keys(), "absent"]) {
        for (const type of [null, ...RELATION_TYPES.slice(0, 5)]) {
          for (const direction of ["OUTGOING", "INCOMING", "BOTH"] as const) {
            const listed = index.list(nodeId, type, direction);
            const expected = naive(nodeId, type, direction);
            // BOTH lists a self-loop once, where it is outgoing; the naive filter lists it once too, in seed order.
            const order = (list: Relation[]) => list.map((r) => r.id).sort();
            expect(order(listed), `${nodeId} ${type} ${direction}`).toEqual(order(expected));
            if (direction !== "BOTH") expect(listed).toEqual(expected);
            if (listed.length >= 64) longLists++;
          }
        }
      }
    }
    expect(longLists).toBeGreaterThan(10);
  });

  it("refuses a relation whose endpoint it does not number", () => {
    const relations = randomRelations(3, 5, 3);
    expect(() => runSteps(EdgeIndex.build(relations, new Map([["n0", 0]])))).toThrow(/does not hold/);
  });
});
