import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import { DEFAULT_SEED_DIR } from "../src/store/memory/index.ts";
import { execute, globalId, recordingStore } from "./support/api.ts";

const seed = loadSeed(DEFAULT_SEED_DIR);

/** Plain breadth-first search over the seed's relation list, written independently of the API. */
function bfs(start: string, depth: number): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set([start]);
  const edges = new Set<string>();
  let frontier = [start];
  for (let hop = 0; hop < depth; hop++) {
    const next: string[] = [];
    for (const relation of seed.relations) {
      for (const [here, there] of [
        [relation.from, relation.to],
        [relation.to, relation.from],
      ] as const) {
        if (!frontier.includes(here)) continue;
        edges.add(relation.id);
        if (!nodes.has(there)) {
          nodes.add(there);
          next.push(there);
        }
      }
    }
    frontier = next;
  }
  return { nodes, edges };
}

interface SubgraphData {
  neighborhood: {
    truncated: boolean;
    nodes: { slug: string }[];
    edges: {
      id: string;
      type: string;
      source: string;
      target: string;
      from: { slug: string };
      to: { slug: string };
    }[];
  };
}
const NEIGHBORHOOD = `query($id: ID!, $depth: Int, $limit: Int, $edgeLimit: Int, $types: [RelationType!], $direction: Direction) {
  neighborhood(id: $id, depth: $depth, limit: $limit, edgeLimit: $edgeLimit, types: $types, direction: $direction) {
    truncated nodes { slug } edges { id type source target from { slug } to { slug } }
  }
}`;
const relationId = (e: SubgraphData["neighborhood"]["edges"][number]) =>
  `${e.from.slug}~${e.type}~${e.to.slug}`;

/** The store calls of a depth-3 neighbourhood: the centre, one edge batch per hop, then the entities reached. */
const DEPTH_3_BATCHES = [
  "loadNodes",
  "loadEdges(*,BOTH)",
  "loadEdges(*,BOTH)",
  "loadEdges(*,BOTH)",
  "loadNodes",
];

describe("neighborhood", () => {
  for (const depth of [1, 2, 3]) {
    it(`depth ${depth} around the Chongqing forum pledge: exactly the seed's nodes and edges`, async () => {
      const start = "china-pledge-host-digital-economy-forum";
      const expected = bfs(start, depth);
      const result = await execute<SubgraphData>(NEIGHBORHOOD, {
        id: globalId("Commitment", start),
        depth,
        limit: 500,
        // Derived MAKES links (China makes what President Xi made) widen the third hop past the default.
        edgeLimit: 1500,
      });
      expect(result.errors).toBeUndefined();
      const subgraph = result.data?.neighborhood;
      expect(subgraph?.truncated).toBe(false);
      expect(subgraph?.nodes[0]?.slug).toBe(start);
      expect(new Set(subgraph?.nodes.map((n) => n.slug))).toEqual(expected.nodes);
      const edgeIds = subgraph?.edges.map(relationId) ?? [];
      expect(new Set(edgeIds)).toEqual(expected.edges);
      expect(edgeIds.length).toBe(expected.edges.size);
      for (const edge of subgraph?.edges ?? []) {
        expect(Buffer.from(edge.source, "base64").toString()).toMatch(new RegExp(`:${edge.from.slug}$`));
        expect(Buffer.from(edge.target, "base64").toString()).toMatch(new RegExp(`:${edge.to.slug}$`));
      }
    });
  }

  it("truncates at `limit` and says so, keeping only edges between kept nodes", async () => {
    const result = await execute<SubgraphData>(NEIGHBORHOOD, {
      id: globalId("Person", "xi-jinping"),
      depth: 2,
      limit: 10,
    });
    const subgraph = result.data?.neighborhood;
    expect(subgraph?.truncated).toBe(true);
    expect(subgraph?.nodes).toHaveLength(10);
    const kept = new Set(subgraph?.nodes.map((n) => n.slug));
    for (const edge of subgraph?.edges ?? []) {
      expect(kept.has(edge.from.slug) && kept.has(edge.to.slug)).toBe(true);
    }
  });

  it("follows only the given types and direction", async () => {
    const result = await execute<SubgraphData>(NEIGHBORHOOD, {
      id: globalId("Person", "xi-jinping"),
      depth: 2,
      types: ["PROPOSES", "CONTAINS"],
      direction: "OUTGOING",
      limit: 500,
    });
    const edges = result.data?.neighborhood.edges ?? [];
    expect(edges.length).toBeGreaterThan(10);
    for (const edge of edges) expect(["PROPOSES", "CONTAINS"]).toContain(edge.type);
    expect(edges.filter((e) => e.type === "PROPOSES").every((e) => e.from.slug === "xi-jinping")).toBe(true);
  });

  it("makes one store batch per hop", async () => {
    const recorder = recordingStore();
    await execute(
      `query($id: ID!) { neighborhood(id: $id, depth: 3, limit: 500) { nodes { slug } edges { type } } }`,
      {
        id: globalId("Person", "xi-jinping"),
      },
      recorder.store,
    );
    expect(recorder.calls).toEqual(DEPTH_3_BATCHES);
  });

  it("rejects depth 0 or beyond 3, a bad limit, and a relation id", async () => {
    for (const variables of [{ depth: 0 }, { depth: 4 }, { depth: 9 }, { limit: 0 }, { limit: 501 }]) {
      const result = await execute(NEIGHBORHOOD, { id: globalId("Person", "xi-jinping"), ...variables });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
    const deep = await execute(NEIGHBORHOOD, { id: globalId("Person", "xi-jinping"), depth: 9 });
    expect(deep.errors?.[0]?.message).toBe("`depth` must be between 1 and 3, got 9");
    const relation = await execute(NEIGHBORHOOD, {
      id: globalId("Relation", "xi-jinping~HOLDS_POST~president-of-china"),
    });
    expect(relation.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const unknown = await execute(NEIGHBORHOOD, { id: globalId("Person", "nobody") });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("paths", () => {
  const PATHS = `query($from: ID!, $to: ID!, $maxDepth: Int, $first: Int, $types: [RelationType!]) {
    paths(from: $from, to: $to, maxDepth: $maxDepth, first: $first, types: $types) {
      length steps { direction relation { type from { slug } to { slug } evidence { quote sentence } } entity { slug } }
    }
  }`;
  type PathsData = {
    paths: {
      length: number;
      steps: {
        direction: string;
        relation: {
          type: string;
          from: { slug: string };
          to: { slug: string };
          evidence: { quote: string }[];
        };
        entity: { slug: string };
      }[];
    }[];
  };
  const xi = globalId("Person", "xi-jinping");
  const who = globalId("Organization", "who");

  it("connects Xi Jinping to the WHO by the shortest path, with evidence on every step", async () => {
    const result = await execute<PathsData>(PATHS, { from: xi, to: who });
    expect(result.errors).toBeUndefined();
    const paths = result.data?.paths ?? [];
    expect(paths.length).toBeGreaterThanOrEqual(1);
    for (const path of paths) {
      expect(path.length).toBe(2);
      let at = "xi-jinping";
      for (const step of path.steps) {
        expect(step.relation.evidence.length).toBeGreaterThan(0);
        const walked =
          step.direction === "OUTGOING"
            ? [step.relation.from.slug, step.relation.to.slug]
            : [step.relation.to.slug, step.relation.from.slug];
        expect(walked).toEqual([at, step.entity.slug]);
        at = step.entity.slug;
      }
      expect(at).toBe("who");
    }
  });

  it("returns [] when no path fits in maxDepth, and one empty path between identical endpoints", async () => {
    const none = await execute<PathsData>(PATHS, { from: xi, to: who, maxDepth: 1 });
    expect(none.data?.paths).toEqual([]);
    const same = await execute<PathsData>(PATHS, { from: xi, to: xi });
    expect(same.data?.paths).toEqual([{ length: 0, steps: [] }]);
  });

  it("rejects maxDepth above 6 (or below 1) and first out of range", async () => {
    for (const variables of [{ maxDepth: 7 }, { maxDepth: 0 }, { first: 0 }, { first: 101 }]) {
      const result = await execute(PATHS, { from: xi, to: who, ...variables });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
    const bad = await execute(PATHS, { from: "nonsense", to: who });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("traversal from an entity (Entity.neighborhood, Entity.pathsTo)", () => {
  /** Hops from `start` to every node within 3, by the independent BFS above. */
  function hopsFrom(start: string): Map<string, number> {
    const hops = new Map<string, number>([[start, 0]]);
    for (const depth of [1, 2, 3]) {
      for (const node of bfs(start, depth).nodes) if (!hops.has(node)) hops.set(node, depth);
    }
    return hops;
  }

  type HopsData = {
    entity: {
      neighborhood: {
        truncated: boolean;
        nodes: { slug: string }[];
        hops: { hops: number; entity: { slug: string } }[];
        edges: { id: string }[];
      };
    };
  };
  const ENTITY_NEIGHBORHOOD = `query($slug: String!, $depth: Int, $limit: Int, $types: [RelationType!], $direction: Direction) {
    entity(slug: $slug) {
      neighborhood(depth: $depth, limit: $limit, types: $types, direction: $direction) {
        truncated nodes { slug } hops { hops entity { slug } } edges { id }
      }
    }
  }`;

  it("answers as Query.neighborhood does, and every node carries its hop distance", async () => {
    const start = "china-pledge-host-digital-economy-forum";
    const expectedHops = hopsFrom(start);
    for (const depth of [1, 2, 3]) {
      const fromEntity = await execute<HopsData>(ENTITY_NEIGHBORHOOD, { slug: start, depth, limit: 500 });
      const fromRoot = await execute<{ neighborhood: unknown }>(
        `query($id: ID!, $depth: Int) { neighborhood(id: $id, depth: $depth, limit: 500) {
          truncated nodes { slug } hops { hops entity { slug } } edges { id } } }`,
        { id: globalId("Commitment", start), depth },
      );
      expect(fromEntity.errors).toBeUndefined();
      expect(fromEntity.data?.entity.neighborhood).toEqual(fromRoot.data?.neighborhood);
      const subgraph = fromEntity.data?.entity.neighborhood;
      expect(subgraph?.hops.map((h) => h.entity.slug)).toEqual(subgraph?.nodes.map((n) => n.slug));
      for (const { hops, entity } of subgraph?.hops ?? []) {
        expect(hops, entity.slug).toBe(expectedHops.get(entity.slug));
      }
      expect(Math.max(...(subgraph?.hops.map((h) => h.hops) ?? []))).toBe(depth);
    }
  });

  it("makes one store batch per hop from the entity", async () => {
    const recorder = recordingStore();
    await execute(
      `{ entity(slug: "xi-jinping") { neighborhood(depth: 3, limit: 500) { hops { hops entity { slug } } } } }`,
      {},
      recorder.store,
    );
    expect(recorder.calls).toEqual(DEPTH_3_BATCHES);
  });

  const PATHS_TO = `query($slug: String!, $to: String!, $maxDepth: Int, $first: Int, $types: [RelationType!], $excludeTypes: [RelationType!]) {
    entity(slug: $slug) {
      pathsTo(to: $to, maxDepth: $maxDepth, first: $first, types: $types, excludeTypes: $excludeTypes) {
        length steps { direction relation { id type } entity { slug } }
      }
    }
  }`;
  type PathsToData = {
    entity: {
      pathsTo: {
        length: number;
        steps: { relation: { id: string; type: string }; entity: { slug: string } }[];
      }[];
    };
  };

  it("pathsTo(slug) finds the paths Query.paths finds between the same entities", async () => {
    const fromEntity = await execute<PathsToData>(PATHS_TO, { slug: "xi-jinping", to: "who", first: 20 });
    const fromRoot = await execute<{ paths: unknown }>(
      `query($from: ID!, $to: ID!) { paths(from: $from, to: $to, first: 20) {
        length steps { direction relation { id type } entity { slug } } } }`,
      { from: globalId("Person", "xi-jinping"), to: globalId("Organization", "who") },
    );
    expect(fromEntity.errors).toBeUndefined();
    expect(fromEntity.data?.entity.pathsTo.length).toBeGreaterThan(0);
    expect(fromEntity.data?.entity.pathsTo).toEqual(fromRoot.data?.paths);
  });

  it("names the argument of every error", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ to: "nobody" }, "NOT_FOUND", "to"],
      [{ to: "who", maxDepth: 7 }, "BAD_USER_INPUT", "maxDepth"],
      [{ to: "who", first: 0 }, "BAD_USER_INPUT", "first"],
    ];
    for (const [variables, code, argument] of cases) {
      const result = await execute(PATHS_TO, { slug: "xi-jinping", ...variables });
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, argument });
    }
    for (const [variables, argument] of [
      [{ depth: 4 }, "depth"],
      [{ limit: 0 }, "limit"],
    ] as const) {
      const result = await execute(ENTITY_NEIGHBORHOOD, { slug: "xi-jinping", ...variables });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    }
  });
});

describe("paths with excludeTypes", () => {
  /** Length of the shortest undirected path over the seed's relations not of `excluded`, found independently. */
  function shortestLength(from: string, to: string, excluded: string[]): number | undefined {
    const usable = seed.relations.filter((relation) => !excluded.includes(relation.type));
    let frontier = [from];
    const seen = new Set(frontier);
    for (let length = 1; length <= 6; length++) {
      const next: string[] = [];
      for (const relation of usable) {
        for (const [here, there] of [
          [relation.from, relation.to],
          [relation.to, relation.from],
        ] as const) {
          if (frontier.includes(here) && !seen.has(there)) {
            seen.add(there);
            next.push(there);
          }
        }
      }
      if (seen.has(to)) return length;
      frontier = next;
    }
    return undefined;
  }

  const PATHS = `query($from: ID!, $to: ID!, $types: [RelationType!], $excludeTypes: [RelationType!]) {
    paths(from: $from, to: $to, maxDepth: 6, first: 100, types: $types, excludeTypes: $excludeTypes) {
      length steps { relation { type } }
    }
  }`;
  const xi = globalId("Person", "xi-jinping");
  const who = globalId("Organization", "who");
  type PathsData = { paths: { length: number; steps: { relation: { type: string } }[] }[] };

  it("never walks an excluded type, and finds the shortest path without it, one batch per level", async () => {
    const included = await execute<PathsData>(PATHS, { from: xi, to: who });
    expect(included.data?.paths.some((p) => p.steps.some((s) => s.relation.type === "SUPPORTS"))).toBe(true);

    const recorder = recordingStore();
    const result = await execute<PathsData>(
      PATHS,
      { from: xi, to: who, excludeTypes: ["SUPPORTS"] },
      recorder.store,
    );
    expect(result.errors).toBeUndefined();
    const paths = result.data?.paths ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.length).toBe(shortestLength("xi-jinping", "who", ["SUPPORTS"]));
      for (const step of path.steps) expect(step.relation.type).not.toBe("SUPPORTS");
    }
    const edgeCalls = recorder.calls.filter((call) => call.startsWith("loadEdges"));
    expect(edgeCalls).toEqual(Array(paths[0]?.length).fill("loadEdges(*,BOTH)"));
  });

  it("applies after `types`: listed types minus excluded ones, nothing at all when every listed type is excluded", async () => {
    const recorder = recordingStore();
    const some = await execute<PathsData>(
      PATHS,
      { from: xi, to: who, types: ["MAKES", "SUPPORTS", "CONCERNS"], excludeTypes: ["SUPPORTS"] },
      recorder.store,
    );
    expect(some.errors).toBeUndefined();
    for (const path of some.data?.paths ?? []) {
      for (const step of path.steps) expect(["MAKES", "CONCERNS"]).toContain(step.relation.type);
    }
    expect(
      recorder.calls.filter((call) => call.startsWith("loadEdges") && call.includes("SUPPORTS")),
    ).toEqual([]);

    const emptied = recordingStore();
    const none = await execute<PathsData>(
      PATHS,
      { from: xi, to: who, types: ["SUPPORTS"], excludeTypes: ["SUPPORTS"] },
      emptied.store,
    );
    expect(none.data?.paths).toEqual([]);
    expect(emptied.calls.filter((call) => call.startsWith("loadEdges"))).toEqual([]);
  });
});

describe("search", () => {
  const SEARCH = `query($query: String!, $kinds: [EntityKind!], $first: Int, $after: String) {
    search(query: $query, kinds: $kinds, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { score snippet field matchedTerms entity { slug kind } }
    }
  }`;
  type SearchData = {
    search: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: { score: number; snippet: string; field: string; entity: { slug: string; kind: string } }[];
    };
  };
  const top = async (query: string, kinds?: string[]) =>
    (await execute<SearchData>(SEARCH, { query, kinds })).data?.search.nodes ?? [];

  it("ranks the expected entity first for exact, prefix and misspelt queries", async () => {
    expect((await top("Xi Jinping"))[0]?.entity.slug).toBe("xi-jinping");
    expect((await top("chongq"))[0]?.entity.slug).toBe("chongqing");
    expect((await top("vacine"))[0]?.entity.slug).toBe("vaccines");
    expect((await top("World Health Organization"))[0]?.entity.slug).toBe("who");
  });

  it("filters by kind, ranks by score, and marks matched words in snippets", async () => {
    const hits = await top("forum Chongqing", ["COMMITMENT"]);
    expect(hits[0]?.entity.slug).toBe("china-pledge-host-digital-economy-forum");
    for (const hit of hits) expect(hit.entity.kind).toBe("COMMITMENT");
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(hits[0]?.snippet).toMatch(/<mark>Chongqing<\/mark>/);
  });

  it("pages through hits with totalCount", async () => {
    const first = await execute<SearchData>(SEARCH, { query: "cooperation", first: 5 });
    const page = first.data?.search;
    expect(page?.totalCount).toBeGreaterThan(5);
    const second = await execute<SearchData>(SEARCH, {
      query: "cooperation",
      first: 5,
      after: page?.pageInfo.endCursor,
    });
    const slugs = [...(page?.nodes ?? []), ...(second.data?.search.nodes ?? [])].map((n) => n.entity.slug);
    expect(new Set(slugs).size).toBe(10);
  });

  it("rejects a 64 KB query with BAD_USER_INPUT naming the limit", async () => {
    const result = await execute(SEARCH, { query: "x".repeat(64 * 1024) });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: 200 });
    expect(result.errors?.[0]?.message).toMatch(/65536 characters long; the limit is 200/);
  });
});
