import { describe, expect, it, vi } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import type { Direction, Entity, Relation, RelationType } from "../src/graph/model.ts";
import { type EdgeHeader, NotFoundError } from "../src/graph/store.ts";
import {
  type EdgeFetcher,
  neighborhood,
  type Path,
  shortestPaths,
  storeEdgeFetcher,
} from "../src/graph/traversal.ts";
import { DEFAULT_SEED_DIR, openGraph } from "../src/store/memory/index.ts";
import { MemoryGraphStore } from "../src/store/memory/memory-store.ts";

/** A relation with id `from~TYPE~to` (plus a suffix for deliberate duplicates). */
function rel(from: string, type: RelationType, to: string, suffix = ""): Relation {
  return { id: `${from}~${type}~${to}${suffix}`, type, from, to, qualifiers: {}, evidence: [] };
}

function topic(id: string): Entity {
  return { id, kind: "TOPIC", name: id, aliases: [], description: id, evidence: [] };
}

function storeOf(relations: Relation[]): MemoryGraphStore {
  const ids = [...new Set(relations.flatMap((r) => [r.from, r.to]))];
  return new MemoryGraphStore({ sources: [], entities: ids.map(topic), relations });
}

/** Wraps a fetcher to record the node ids of every call, so tests can count batches per hop. */
function counting(fetch: EdgeFetcher): { fetch: EdgeFetcher; calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    fetch: (nodeIds, types, direction) => {
      calls.push([...nodeIds]);
      return fetch(nodeIds, types, direction);
    },
  };
}

/**
 * A deliberately sloppy fetcher over a plain list: BOTH lists a self-loop twice (once out, once in) and every
 * list is repeated, to check that duplicates from a source do not leak into results.
 */
function sloppyFetcher(relations: Relation[]): EdgeFetcher {
  return async (nodeIds, types, direction) =>
    nodeIds.map((id) => {
      const wanted = relations.filter((r) => !types || types.includes(r.type));
      const out = direction === "INCOMING" ? [] : wanted.filter((r) => r.from === id);
      const into = direction === "OUTGOING" ? [] : wanted.filter((r) => r.to === id);
      return [...out, ...into, ...out, ...into];
    });
}

/** A fixed-seed generator (32-bit LCG, high bits), so a failing random case is reproducible. */
function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
}

const ids = (relations: readonly EdgeHeader[]): string[] => relations.map((r) => r.id);
const pathIds = (path: Path): string[] => path.steps.map((s) => s.relation.id);

/** Every step starts where the previous one ended, in the direction it claims, and nothing repeats. */
function expectValidPath(path: Path, fromId: string, toId: string): void {
  let at = fromId;
  const visited = new Set([fromId]);
  for (const step of path.steps) {
    const { relation, direction, nodeId } = step;
    if (direction === "OUTGOING") expect([relation.from, relation.to]).toEqual([at, nodeId]);
    else expect([relation.to, relation.from]).toEqual([at, nodeId]);
    expect(visited.has(nodeId)).toBe(false);
    visited.add(nodeId);
    at = nodeId;
  }
  expect(at).toBe(toId);
  expect(new Set(pathIds(path)).size).toBe(path.steps.length);
}

// a ⇉ b (two MEMBER_OF), a ↺ (self-loop), c → a, b → d, c → d, d → e, e → f; g → h is another component.
const GRAPH = [
  rel("a", "MEMBER_OF", "b"),
  rel("a", "MEMBER_OF", "b", "~2"),
  rel("a", "SUPPORTS", "a"),
  rel("c", "SUPPORTS", "a"),
  rel("b", "HOSTS", "d"),
  rel("c", "MEMBER_OF", "d"),
  rel("d", "PART_OF", "e"),
  rel("e", "CONCERNS", "f"),
  rel("g", "SUPPORTS", "h"),
];
const graphFetch = storeEdgeFetcher(storeOf(GRAPH));
const AB = "a~MEMBER_OF~b";
const AB2 = "a~MEMBER_OF~b~2";
const AA = "a~SUPPORTS~a";
const CA = "c~SUPPORTS~a";
const BD = "b~HOSTS~d";
const CD = "c~MEMBER_OF~d";
const DE = "d~PART_OF~e";
const EF = "e~CONCERNS~f";

describe("neighborhood", () => {
  it("returns only the start node at depth 0, without fetching", async () => {
    const { fetch, calls } = counting(graphFetch);
    expect(await neighborhood(fetch, "a", { depth: 0, limit: 10 })).toEqual({
      nodeIds: ["a"],
      relations: [],
      truncated: false,
    });
    expect(calls).toEqual([]);
  });

  it("grows hop by hop with one fetch per hop for the whole frontier", async () => {
    const expected = [
      { nodes: ["a", "b", "c"], relations: [AB, AB2, AA, CA], calls: [["a"]] },
      { nodes: ["a", "b", "c", "d"], relations: [AB, AB2, AA, CA, BD, CD], calls: [["a"], ["b", "c"]] },
      {
        nodes: ["a", "b", "c", "d", "e"],
        relations: [AB, AB2, AA, CA, BD, CD, DE],
        calls: [["a"], ["b", "c"], ["d"]],
      },
    ];
    for (const [index, want] of expected.entries()) {
      const { fetch, calls } = counting(graphFetch);
      const result = await neighborhood(fetch, "a", { depth: index + 1, limit: 100 });
      expect(result.nodeIds).toEqual(want.nodes);
      expect(ids(result.relations)).toEqual(want.relations);
      expect(result.truncated).toBe(false);
      expect(calls).toEqual(want.calls);
    }
  });

  it("stops fetching once the frontier is empty", async () => {
    const { fetch, calls } = counting(graphFetch);
    const result = await neighborhood(fetch, "a", { depth: 10, limit: 100 });
    expect(result.nodeIds).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(ids(result.relations)).toEqual([AB, AB2, AA, CA, BD, CD, DE, EF]);
    // Hops 1–5 expand a, {b,c}, d, e, f; f adds nothing, so there is no sixth call.
    expect(calls).toHaveLength(5);

    const other = counting(graphFetch);
    expect((await neighborhood(other.fetch, "g", { depth: 10, limit: 100 })).nodeIds).toEqual(["g", "h"]);
    expect(other.calls).toEqual([["g"], ["h"]]);
  });

  it("truncates at the limit and says so only when a reachable node was left out", async () => {
    const cut = await neighborhood(graphFetch, "a", { depth: 2, limit: 3 });
    expect(cut).toEqual({ nodeIds: ["a", "b", "c"], relations: expect.any(Array), truncated: true });
    expect(ids(cut.relations)).toEqual([AB, AB2, AA, CA]);

    const tight = await neighborhood(graphFetch, "a", { depth: 1, limit: 2 });
    expect(tight.nodeIds).toEqual(["a", "b"]);
    expect(tight.truncated).toBe(true);
    // c was left out, so c → a is not part of the subgraph; the self-loop on a is.
    expect(ids(tight.relations)).toEqual([AB, AB2, AA]);

    for (const limit of [4, 5]) {
      const exact = await neighborhood(graphFetch, "a", { depth: 2, limit });
      expect(exact.nodeIds).toEqual(["a", "b", "c", "d"]);
      expect(exact.truncated).toBe(false);
    }
    expect((await neighborhood(graphFetch, "a", { depth: 1, limit: 3 })).truncated).toBe(false);
  });

  it("still fetches every hop after the limit is reached, to pick up relations among included nodes", async () => {
    // The limit fills at hop 1 (a, b, c), but b → c is only walked at hop 2, so hop 2 must still run.
    const triangle = [
      rel("a", "SUPPORTS", "b"),
      rel("a", "SUPPORTS", "c"),
      rel("b", "SUPPORTS", "c"),
      rel("c", "SUPPORTS", "d"),
    ];
    const { fetch, calls } = counting(storeEdgeFetcher(storeOf(triangle)));
    const result = await neighborhood(fetch, "a", { depth: 2, limit: 3 });
    expect(result.nodeIds).toEqual(["a", "b", "c"]);
    expect(ids(result.relations)).toEqual(["a~SUPPORTS~b", "a~SUPPORTS~c", "b~SUPPORTS~c"]);
    expect(result.truncated).toBe(true);
    expect(calls).toEqual([["a"], ["b", "c"]]);
  });

  it("follows only the requested direction", async () => {
    const out = await neighborhood(graphFetch, "a", { depth: 3, direction: "OUTGOING", limit: 100 });
    expect(out.nodeIds).toEqual(["a", "b", "d", "e"]);
    expect(ids(out.relations)).toEqual([AB, AB2, AA, BD, DE]);

    const into = await neighborhood(graphFetch, "d", { depth: 2, direction: "INCOMING", limit: 100 });
    expect(into.nodeIds).toEqual(["d", "b", "c", "a"]);
    // c → a joins two included nodes but was never walked (a is at the last hop), so it is absent.
    expect(ids(into.relations)).toEqual([BD, CD, AB, AB2]);
  });

  it("follows only the requested types; an empty list means all", async () => {
    const { fetch, calls } = counting(graphFetch);
    const typed = await neighborhood(fetch, "a", { depth: 3, types: ["MEMBER_OF", "HOSTS"], limit: 100 });
    expect(typed.nodeIds).toEqual(["a", "b", "d", "c"]);
    expect(ids(typed.relations)).toEqual([AB, AB2, BD, CD]);
    expect(calls).toHaveLength(3);

    const none = counting(graphFetch);
    expect(
      (await neighborhood(none.fetch, "a", { depth: 3, types: ["CONCERNS"], limit: 100 })).nodeIds,
    ).toEqual(["a"]);
    expect(none.calls).toHaveLength(1);

    const all = await neighborhood(graphFetch, "a", { depth: 2, types: [], limit: 100 });
    expect(all).toEqual(await neighborhood(graphFetch, "a", { depth: 2, types: null, limit: 100 }));
  });

  it("is unaffected by a fetcher that repeats relations and lists self-loops twice", async () => {
    for (const direction of ["BOTH", "OUTGOING", "INCOMING"] as const) {
      for (const depth of [1, 2, 3]) {
        const clean = await neighborhood(graphFetch, "a", { depth, direction, limit: 100 });
        const sloppy = await neighborhood(sloppyFetcher(GRAPH), "a", { depth, direction, limit: 100 });
        expect(sloppy.nodeIds).toEqual(clean.nodeIds);
        expect(ids(sloppy.relations).sort()).toEqual(ids(clean.relations).sort());
      }
    }
  });

  it("returns a lone start node for an id with no edges", async () => {
    const { fetch, calls } = counting(graphFetch);
    expect(await neighborhood(fetch, "nobody", { depth: 3, limit: 10 })).toEqual({
      nodeIds: ["nobody"],
      relations: [],
      truncated: false,
    });
    expect(calls).toHaveLength(1);
  });
});

describe("storeEdgeFetcher", () => {
  it("makes one loadEdges call per fetch, one key per node and type, and merges per node", async () => {
    const store = storeOf(GRAPH);
    const spy = vi.spyOn(store, "loadEdges");
    const fetch = storeEdgeFetcher(store);

    const lists = await fetch(["b", "d", "nobody"], ["MEMBER_OF", "HOSTS"], "BOTH");
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toHaveLength(6);
    expect(lists.map(ids)).toEqual([[AB, AB2, BD], [CD, BD], []]);

    const all = await fetch(["c"], null, "OUTGOING");
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls[1]?.[0]).toEqual([{ nodeId: "c", type: null, direction: "OUTGOING" }]);
    expect(all.map(ids)).toEqual([[CA, CD]]);

    // A repeated type is asked for once, so its relations are not listed twice.
    const repeated = await fetch(["b"], ["HOSTS", "HOSTS"], "OUTGOING");
    expect(spy.mock.calls[2]?.[0]).toHaveLength(1);
    expect(repeated.map(ids)).toEqual([[BD]]);
  });
});

/**
 * The reference answer by brute force: every simple path up to maxDepth, walking relations either way, keeping
 * the shortest, sorted by relation ids. Exponential, so only for tiny graphs, and independent of the BFS code.
 */
function bruteForcePaths(
  relations: Relation[],
  fromId: string,
  toId: string,
  maxDepth: number,
  types: readonly RelationType[] | null = null,
): string[][] {
  if (fromId === toId) return [[]];
  const usable = relations.filter((r) => !types || types.length === 0 || types.includes(r.type));
  const found: string[][] = [];
  const walk = (at: string, visited: string[], path: string[]): void => {
    if (at === toId) {
      found.push(path);
      return;
    }
    if (path.length === maxDepth) return;
    for (const r of usable) {
      const next = r.from === at ? r.to : r.to === at ? r.from : null;
      if (next !== null && !visited.includes(next)) walk(next, [...visited, next], [...path, r.id]);
    }
  };
  walk(fromId, [fromId], []);
  const shortest = Math.min(...found.map((p) => p.length));
  return found.filter((p) => p.length === shortest).sort(compareIdLists);
}

function compareIdLists(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

// Two shortest s–t paths of length 2 (one ends against the grain: t → y), a longer one over PART_OF, a
// self-loop on x, and a separate component g–h.
const DIAMOND = [
  rel("s", "SUPPORTS", "x"),
  rel("s", "SUPPORTS", "y"),
  rel("x", "MEMBER_OF", "t"),
  rel("t", "SUPPORTS", "y"),
  rel("s", "PART_OF", "p"),
  rel("p", "PART_OF", "q"),
  rel("q", "PART_OF", "t"),
  rel("x", "SUPPORTS", "x"),
  rel("g", "SUPPORTS", "h"),
];
const diamondFetch = storeEdgeFetcher(storeOf(DIAMOND));

describe("shortestPaths", () => {
  it("returns every shortest path of a diamond, with the direction each step was walked", async () => {
    const paths = await shortestPaths(diamondFetch, "s", "t", { maxDepth: 5, first: 10 });
    expect(paths).toEqual([
      {
        steps: [
          { relation: DIAMOND[0], direction: "OUTGOING", nodeId: "x" },
          { relation: DIAMOND[2], direction: "OUTGOING", nodeId: "t" },
        ],
      },
      {
        steps: [
          { relation: DIAMOND[1], direction: "OUTGOING", nodeId: "y" },
          { relation: DIAMOND[3], direction: "INCOMING", nodeId: "t" },
        ],
      },
    ]);
    for (const path of paths) expectValidPath(path, "s", "t");
  });

  it("orders paths by relation ids, not node ids, and honours `first`", async () => {
    const back = await shortestPaths(diamondFetch, "t", "s", { maxDepth: 5, first: 10 });
    // "t~SUPPORTS~y" sorts before "x~MEMBER_OF~t", so the path via y comes first this way round.
    expect(back.map(pathIds)).toEqual([
      ["t~SUPPORTS~y", "s~SUPPORTS~y"],
      ["x~MEMBER_OF~t", "s~SUPPORTS~x"],
    ]);
    expect(back.map((p) => p.steps.map((s) => s.direction))).toEqual([
      ["OUTGOING", "INCOMING"],
      ["INCOMING", "INCOMING"],
    ]);
    const one = await shortestPaths(diamondFetch, "s", "t", { maxDepth: 5, first: 1 });
    expect(one.map(pathIds)).toEqual([["s~SUPPORTS~x", "x~MEMBER_OF~t"]]);
  });

  it("follows only the requested types", async () => {
    const partOf = await shortestPaths(diamondFetch, "s", "t", {
      maxDepth: 3,
      types: ["PART_OF"],
      first: 10,
    });
    expect(partOf.map(pathIds)).toEqual([["s~PART_OF~p", "p~PART_OF~q", "q~PART_OF~t"]]);
    expect(partOf[0]?.steps.map((s) => s.direction)).toEqual(["OUTGOING", "OUTGOING", "OUTGOING"]);
    expect(
      await shortestPaths(diamondFetch, "s", "t", { maxDepth: 2, types: ["PART_OF"], first: 10 }),
    ).toEqual([]);
  });

  it("returns [] when no path is within maxDepth, with at most maxDepth fetches", async () => {
    for (const maxDepth of [0, 1]) {
      const { fetch, calls } = counting(diamondFetch);
      expect(await shortestPaths(fetch, "s", "t", { maxDepth, first: 10 })).toEqual([]);
      expect(calls.length).toBeLessThanOrEqual(maxDepth);
    }
    // Another component: the search stops as soon as one side has nothing left to expand.
    const { fetch, calls } = counting(diamondFetch);
    expect(await shortestPaths(fetch, "s", "g", { maxDepth: 10, first: 10 })).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it("returns one empty path for identical endpoints, without fetching", async () => {
    const { fetch, calls } = counting(diamondFetch);
    expect(await shortestPaths(fetch, "s", "s", { maxDepth: 3, first: 10 })).toEqual([{ steps: [] }]);
    expect(calls).toEqual([]);
  });

  it("searches from both ends, expanding the smaller frontier", async () => {
    const leaves = Array.from({ length: 10 }, (_, i) => `l${i}`);
    const star = [...leaves.map((leaf) => rel("hub", "HOSTS", leaf)), rel("l3", "MEMBER_OF", "t")];
    const { fetch, calls } = counting(storeEdgeFetcher(storeOf(star)));
    const paths = await shortestPaths(fetch, "hub", "t", { maxDepth: 4, first: 10 });
    expect(paths.map(pathIds)).toEqual([["hub~HOSTS~l3", "l3~MEMBER_OF~t"]]);
    // After the hub's ten leaves, t's side (one node) is smaller: a one-sided BFS would fetch the ten leaves.
    expect(calls).toEqual([["hub"], ["t"]]);
  });

  it("enumerates paths through several meeting nodes and parallel edges", async () => {
    const layered = [
      rel("s", "SUPPORTS", "a1"),
      rel("s", "SUPPORTS", "a2"),
      rel("a1", "SUPPORTS", "c1"),
      rel("a1", "SUPPORTS", "c2"),
      rel("a2", "SUPPORTS", "c2"),
      rel("c1", "MEMBER_OF", "t"),
      rel("c2", "MEMBER_OF", "t"),
      rel("c2", "MEMBER_OF", "t", "~2"),
      rel("c2", "SUPPORTS", "c2"),
    ];
    const fetch = storeEdgeFetcher(storeOf(layered));
    const all = await shortestPaths(fetch, "s", "t", { maxDepth: 3, first: 100 });
    expect(all.map(pathIds)).toEqual(bruteForcePaths(layered, "s", "t", 3));
    expect(all).toHaveLength(5);
    for (const path of all) expectValidPath(path, "s", "t");
    const two = await shortestPaths(fetch, "s", "t", { maxDepth: 3, first: 2 });
    expect(two).toEqual(all.slice(0, 2));
    // A sloppy fetcher (repeats, doubled self-loops) must not multiply paths.
    const sloppy = await shortestPaths(sloppyFetcher(layered), "s", "t", { maxDepth: 3, first: 100 });
    expect(sloppy.map(pathIds)).toEqual(all.map(pathIds));
  });

  it("finds a chain only when maxDepth reaches its length", async () => {
    const chain = [
      rel("u1", "SUPPORTS", "u2"),
      rel("u3", "SUPPORTS", "u2"),
      rel("u3", "SUPPORTS", "u4"),
      rel("u5", "SUPPORTS", "u4"),
    ];
    const short = counting(storeEdgeFetcher(storeOf(chain)));
    expect(await shortestPaths(short.fetch, "u1", "u5", { maxDepth: 3, first: 10 })).toEqual([]);
    expect(short.calls.length).toBeLessThanOrEqual(3);
    const long = counting(storeEdgeFetcher(storeOf(chain)));
    const paths = await shortestPaths(long.fetch, "u1", "u5", { maxDepth: 4, first: 10 });
    expect(paths).toHaveLength(1);
    expect(paths[0]?.steps.map((s) => s.direction)).toEqual(["OUTGOING", "INCOMING", "OUTGOING", "INCOMING"]);
    expectValidPath(paths[0] as Path, "u1", "u5");
    expect(long.calls.length).toBeLessThanOrEqual(4);
  });

  it("agrees with brute force on many small random graphs", async () => {
    const random = seededRandom(12345);
    const types: RelationType[] = ["SUPPORTS", "MEMBER_OF"];
    for (let round = 0; round < 150; round++) {
      const nodes = 4 + random(5);
      const relations = Array.from({ length: 3 + random(10) }, (_, i) =>
        rel(`n${random(nodes)}`, types[random(2)] as RelationType, `n${random(nodes)}`, `~${i}`),
      );
      const fetchCounted = counting(storeEdgeFetcher(storeOf(relations)));
      const from = `n${random(nodes)}`;
      const to = `n${random(nodes)}`;
      const maxDepth = 1 + random(4);
      const filter = random(3) === 0 ? ["SUPPORTS" as const] : null;
      const paths = await shortestPaths(fetchCounted.fetch, from, to, {
        maxDepth,
        types: filter,
        first: 1000,
      });
      const expected = bruteForcePaths(relations, from, to, maxDepth, filter);
      expect(paths.map(pathIds), `round ${round}`).toEqual(expected);
      for (const path of paths) expectValidPath(path, from, to);
      expect(fetchCounted.calls.length).toBeLessThanOrEqual(maxDepth);
    }
  });
});

/** Reference neighbourhood by plain BFS distances over the whole relation list. */
function bruteForceNeighborhood(relations: Relation[], startId: string, depth: number, direction: Direction) {
  const distance = new Map([[startId, 0]]);
  for (let d = 0; d < depth; d++) {
    for (const r of relations) {
      for (const [here, there, dir] of [
        [r.from, r.to, "OUTGOING"],
        [r.to, r.from, "INCOMING"],
      ] as const) {
        if ((direction === "BOTH" || direction === dir) && distance.get(here) === d && !distance.has(there)) {
          distance.set(there, d + 1);
        }
      }
    }
  }
  const walked = (r: Relation): boolean => {
    const expanded = (id: string): boolean => (distance.get(id) ?? depth) < depth;
    const reached = distance.has(r.from) && distance.has(r.to);
    if (direction === "OUTGOING") return reached && expanded(r.from);
    if (direction === "INCOMING") return reached && expanded(r.to);
    return reached && (expanded(r.from) || expanded(r.to));
  };
  return { distance, relationIds: relations.filter(walked).map((r) => r.id) };
}

describe("neighborhood against brute force", () => {
  it("matches BFS distances, walked relations, limits and fetch counts on random graphs", async () => {
    const random = seededRandom(777);
    for (let round = 0; round < 150; round++) {
      const nodes = 3 + random(8);
      const relations = Array.from({ length: 2 + random(14) }, (_, i) =>
        rel(`n${random(nodes)}`, "SUPPORTS", `n${random(nodes)}`, `~${i}`),
      );
      const direction = (["BOTH", "OUTGOING", "INCOMING"] as const)[random(3)] as Direction;
      const depth = random(5);
      const start = `n${random(nodes)}`;
      const { fetch, calls } = counting(storeEdgeFetcher(storeOf(relations)));
      const full = await neighborhood(fetch, start, { depth, direction, limit: 1000 });
      const expected = bruteForceNeighborhood(relations, start, depth, direction);

      expect([...full.nodeIds].sort(), `round ${round}`).toEqual([...expected.distance.keys()].sort());
      const distances = full.nodeIds.map((id) => expected.distance.get(id) as number);
      expect(distances).toEqual([...distances].sort((x, y) => x - y));
      expect(ids(full.relations).sort()).toEqual([...expected.relationIds].sort());
      expect(full.truncated).toBe(false);
      expect(calls).toHaveLength(Math.min(depth, Math.max(...distances) + 1));

      // A limit keeps a prefix of the BFS order and the relations among it, and flags what it cut.
      const limit = 1 + random(full.nodeIds.length + 1);
      const cut = await neighborhood(fetch, start, { depth, direction, limit });
      const kept = new Set(full.nodeIds.slice(0, limit));
      expect(cut.nodeIds).toEqual(full.nodeIds.slice(0, limit));
      expect(cut.truncated).toBe(full.nodeIds.length > limit);
      expect(ids(cut.relations)).toEqual(
        ids(full.relations.filter((r) => kept.has(r.from) && kept.has(r.to))),
      );
    }
  });
});

describe("on the real seed", () => {
  const store = openGraph();
  const fetch = storeEdgeFetcher(store);

  it("links xi-jinping to WHO within 3 hops through evidenced relations", async () => {
    const { fetch: counted, calls } = counting(fetch);
    const paths = await shortestPaths(counted, "xi-jinping", "who", { maxDepth: 3, first: 1000 });
    expect(paths.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(3);
    const length = paths[0]?.steps.length ?? 0;
    expect(length).toBeGreaterThan(0);
    expect(length).toBeLessThanOrEqual(3);
    for (const path of paths) {
      expect(path.steps).toHaveLength(length);
      expectValidPath(path, "xi-jinping", "who");
      for (const step of path.steps) {
        const [relation] = store.loadRelations([step.relation.id]);
        expect(relation instanceof NotFoundError ? [] : relation?.evidence).not.toHaveLength(0);
      }
    }
    expect(paths.map(pathIds)).toEqual([...paths.map(pathIds)].sort(compareIdLists));
  });

  it("finds as many shortest paths as a plain BFS count over the whole seed", async () => {
    // Count shortest walks level by level; parallel relations count separately, as they are separate paths.
    const { relations } = loadSeed(DEFAULT_SEED_DIR);
    const distance = new Map([["xi-jinping", 0]]);
    const count = new Map([["xi-jinping", 1]]);
    for (let d = 0; !distance.has("who") && d < 3; d++) {
      for (const r of relations) {
        for (const [here, there] of [
          [r.from, r.to],
          [r.to, r.from],
        ] as const) {
          if (distance.get(here) !== d || (distance.get(there) ?? d + 1) !== d + 1) continue;
          distance.set(there, d + 1);
          count.set(there, (count.get(there) ?? 0) + (count.get(here) ?? 0));
        }
      }
    }
    const paths = await shortestPaths(fetch, "xi-jinping", "who", { maxDepth: 3, first: 100_000 });
    expect(paths[0]?.steps.length).toBe(distance.get("who"));
    expect(paths).toHaveLength(count.get("who") as number);
  });

  it("returns a neighbourhood whose relations all join included nodes", async () => {
    const result = await neighborhood(fetch, "xi-jinping", { depth: 1, limit: 1000 });
    const included = new Set(result.nodeIds);
    expect(result.nodeIds[0]).toBe("xi-jinping");
    expect(included.size).toBe(result.nodeIds.length);
    expect(result.truncated).toBe(false);
    for (const r of result.relations) {
      expect(included.has(r.from) && included.has(r.to)).toBe(true);
      expect([r.from, r.to]).toContain("xi-jinping");
    }
    const cut = await neighborhood(fetch, "xi-jinping", { depth: 2, limit: 5 });
    expect(cut.nodeIds).toHaveLength(5);
    expect(cut.truncated).toBe(true);
  });
});
