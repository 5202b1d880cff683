/**
 * Attribution by capacity and by group membership, through the API: a commitment an office-holder makes in his
 * post commits the body of the post, one a group makes commits its members; `committer` filters, Actor.commitments,
 * committedBy and facets see them by default and narrow to the named committers with `attribution: [DIRECT]`;
 * derived links are marked inferred and carry their chain of quotes; the groups connect China to the SCO.
 */
import { describe, expect, it } from "vitest";
import { type EntityKind, RELATION_ENDPOINT_KINDS, type Relation } from "../src/graph/model.ts";
import { EXHAUSTIVE_LIMITS, execute, store } from "./support/api.ts";

type Ids = { totalCount: number; nodes: { slug: string }[] };

/** totalCount and slugs of `commitments(filter)`, every page. */
async function listed(filter: Record<string, unknown>): Promise<Ids> {
  const result = await execute<{ commitments: Ids }>(
    `query($filter: CommitmentFilter) { commitments(filter: $filter, first: 100) { totalCount nodes { slug } } }`,
    { filter },
  );
  expect(result.errors).toBeUndefined();
  return result.data?.commitments ?? { totalCount: -1, nodes: [] };
}

/** The MAKES links into a commitment, straight from the store. */
function makesInto(commitment: string): Relation[] {
  return store.loadEdges([{ nodeId: commitment, type: "MAKES", direction: "INCOMING" }])[0] ?? [];
}

/** Ids of the commitments an actor makes, by the ways allowed, straight from the store. */
function madeBy(actor: string, ways?: string[]): Set<string> {
  const edges = store.loadEdges([{ nodeId: actor, type: "MAKES", direction: "OUTGOING" }])[0] ?? [];
  return new Set(
    edges.filter((e) => !ways || ways.includes(e.qualifiers.attribution ?? "DIRECT")).map((e) => e.to),
  );
}

const VACCINES = "xi-pledge-consider-vaccine-needs";

describe("attribution by capacity", () => {
  it("Xi Jinping's vaccine pledge, made as President of China, is China's commitment too", async () => {
    const all = await listed({ committer: "china" });
    const direct = await listed({ committer: "china", attribution: ["DIRECT"] });
    expect(all.nodes.map((n) => n.slug)).toContain(VACCINES);
    expect(direct.nodes.map((n) => n.slug)).not.toContain(VACCINES);
    // The three the text names China for, and many more made on its behalf.
    expect(direct.totalCount).toBe(3);
    expect(direct.nodes.map((n) => n.slug).sort()).toEqual([
      "china-pledge-continue-sco-youth-campus",
      "china-pledge-host-digital-economy-forum",
      "china-pledge-host-ngo-friendship-forum",
    ]);
    expect(all.totalCount).toBe(madeBy("china").size);
    expect(all.totalCount).toBeGreaterThan(direct.totalCount + 20);
    // Every commitment Xi Jinping makes directly (claims aside) is China's.
    for (const id of madeBy("xi-jinping", ["DIRECT"])) expect(madeBy("china").has(id), id).toBe(true);
  });

  it("the curated link names the post and the body; the derived one is inferred, with the chain of quotes", () => {
    const [direct] = makesInto(VACCINES).filter((e) => e.from === "xi-jinping");
    expect(direct?.qualifiers).toMatchObject({
      attribution: "DIRECT",
      capacity: "president-of-china",
      onBehalfOf: "china",
    });
    const [derived] = makesInto(VACCINES).filter((e) => e.from === "china");
    expect(derived?.qualifiers).toMatchObject({
      inferred: true,
      attribution: "CAPACITY",
      through: "xi-jinping",
      capacity: "president-of-china",
    });
    expect(derived?.qualifiers.note).toMatch(/HOLDS_POST.*POST_IN/);
    const chain = [
      ...(direct?.evidence ?? []),
      ...(store.loadRelations(["xi-jinping~HOLDS_POST~president-of-china"])[0] as Relation).evidence,
      ...(store.loadRelations(["president-of-china~POST_IN~china"])[0] as Relation).evidence,
    ].map((e) => e.quote);
    expect(derived?.evidence.map((e) => e.quote)).toEqual([...new Set(chain)]);
  });

  it("the API shows the qualifiers of the links, and committedBy narrows to the named makers", async () => {
    const result = await execute<{
      commitment: {
        all: { nodes: { slug: string }[] };
        named: { nodes: { slug: string }[] };
        relations: {
          nodes: {
            from: { slug: string };
            qualifiers: {
              inferred: boolean;
              attribution: string;
              capacity: { slug: string } | null;
              onBehalfOf: { slug: string } | null;
              through: { slug: string } | null;
            };
          }[];
        };
      };
    }>(
      `{ commitment(slug: "${VACCINES}") {
          all: committedBy(first: 20) { nodes { slug } }
          named: committedBy(attribution: [DIRECT]) { nodes { slug } }
          relations(types: [MAKES], direction: INCOMING) {
            nodes { from { slug } qualifiers { inferred attribution capacity { slug } onBehalfOf { slug } through { slug } } }
          }
      } }`,
    );
    expect(result.errors).toBeUndefined();
    const commitment = result.data?.commitment;
    expect(commitment?.named.nodes.map((n) => n.slug)).toEqual(["xi-jinping"]);
    expect(commitment?.all.nodes.map((n) => n.slug).sort()).toEqual(["china", "xi-jinping"]);
    const bySlug = new Map(commitment?.relations.nodes.map((n) => [n.from.slug, n.qualifiers]));
    expect(bySlug.get("xi-jinping")).toEqual({
      inferred: false,
      attribution: "DIRECT",
      capacity: { slug: "president-of-china" },
      onBehalfOf: { slug: "china" },
      through: null,
    });
    expect(bySlug.get("china")).toEqual({
      inferred: true,
      attribution: "CAPACITY",
      capacity: { slug: "president-of-china" },
      onBehalfOf: null,
      through: { slug: "xi-jinping" },
    });
  });

  it("claims bind only their author: nothing is derived from them", () => {
    for (const id of madeBy("sun-linjiang")) {
      expect(
        makesInto(id).map((e) => e.from),
        id,
      ).toEqual(["sun-linjiang"]);
    }
    expect(madeBy("sun-linjiang").size).toBeGreaterThan(30);
  });
});

describe("attribution by group membership", () => {
  const TRADE = "leaders-agreement-multilateral-trading-regime";

  it("a commitment of the leaders of SCO members binds Xi Jinping (a member) and China (through him)", async () => {
    const xi = makesInto(TRADE).find((e) => e.from === "xi-jinping");
    expect(xi?.qualifiers).toMatchObject({
      inferred: true,
      attribution: "MEMBERSHIP",
      through: "sco-member-leaders",
    });
    const china = makesInto(TRADE).find((e) => e.from === "china");
    expect(china?.qualifiers).toMatchObject({
      inferred: true,
      attribution: "MEMBERSHIP",
      through: "xi-jinping",
    });
    expect(china?.qualifiers.note).toMatch(/MEMBER_OF.*HOLDS_POST.*POST_IN/);
    expect((await listed({ committer: "xi-jinping" })).nodes.map((n) => n.slug)).toContain(TRADE);
    expect(
      (await listed({ committer: "xi-jinping", attribution: ["DIRECT", "CAPACITY"] })).nodes.map(
        (n) => n.slug,
      ),
    ).not.toContain(TRADE);
  });

  it("a person, a country and a group: all ways by default, DIRECT on request, as the store links them", async () => {
    for (const actor of ["xi-jinping", "china", "sco-member-leaders", "summit-leaders", "sco-countries"]) {
      const all = await listed({ committer: actor });
      const direct = await listed({ committer: actor, attribution: ["DIRECT"] });
      expect(all.totalCount, actor).toBe(madeBy(actor).size);
      expect(direct.totalCount, actor).toBe(madeBy(actor, ["DIRECT"]).size);
      expect(direct.totalCount, actor).toBeGreaterThan(0);
      expect(all.totalCount, actor).toBeGreaterThanOrEqual(direct.totalCount);
    }
    // Xi Jinping makes 30 commitments the text names him for (29 before his vision of "an open, inclusive, clean
    // and beautiful world" was coded), and the joint ones of the groups he belongs to.
    expect(madeBy("xi-jinping", ["DIRECT"]).size).toBe(30);
    expect(madeBy("xi-jinping").size).toBeGreaterThan(50);
  });

  it("Actor.commitments agrees with the filter, in both modes", async () => {
    const result = await execute<{ actor: { all: { totalCount: number }; direct: { totalCount: number } } }>(
      `{ actor(slug: "china") { all: commitments { totalCount } direct: commitments(attribution: [DIRECT]) { totalCount } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.actor.all.totalCount).toBe((await listed({ committer: "china" })).totalCount);
    expect(result.data?.actor.direct.totalCount).toBe(3);
  });

  it("an actor that also makes a group's commitment counts it once in byCommitter", async () => {
    const result = await execute<{
      commitmentFacets: { total: number; byCommitter: { entity: { slug: string }; count: number }[] };
    }>(
      `{ commitmentFacets { total byCommitter { entity { slug } count } } }`,
      {},
      undefined,
      EXHAUSTIVE_LIMITS,
    );
    expect(result.errors).toBeUndefined();
    const counts = new Map(result.data?.commitmentFacets.byCommitter.map((b) => [b.entity.slug, b.count]));
    // The blueprint is made by Xi Jinping and by the leaders at the meeting, whom he belongs to.
    expect(
      makesInto("leaders-agreement-blueprint-for-sco-future").filter((e) => e.from === "xi-jinping"),
    ).toHaveLength(1);
    expect(counts.get("xi-jinping")).toBe(madeBy("xi-jinping").size);
    expect(counts.get("china")).toBe(madeBy("china").size);
    for (const [, count] of counts)
      expect(count).toBeLessThanOrEqual(result.data?.commitmentFacets.total ?? 0);
  });
});

describe("groups that connect", () => {
  it("China reaches the SCO through membership alone", async () => {
    const result = await execute<{
      entity: { pathsTo: { length: number; steps: { entity: { slug: string } }[] }[] };
    }>(
      `{ entity(slug: "china") { pathsTo(to: "sco", types: [MEMBER_OF], first: 5) { length steps { entity { slug } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const paths = result.data?.entity.pathsTo ?? [];
    expect(paths.length).toBeGreaterThan(0);
    expect(paths[0]?.length).toBe(2);
    expect(paths.map((p) => p.steps.map((s) => s.entity.slug).join(" → "))).toContain("sco-members → sco");
  });

  it("Xi Jinping is a leader of an SCO member, and the leaders of members sit in the Council of Heads of State", () => {
    const memberOf = (id: string) =>
      (store.loadEdges([{ nodeId: id, type: "MEMBER_OF", direction: "OUTGOING" }])[0] ?? []).map((e) => e.to);
    expect(memberOf("xi-jinping")).toEqual(expect.arrayContaining(["summit-leaders", "sco-member-leaders"]));
    expect(memberOf("sco-member-leaders")).toEqual(
      expect.arrayContaining(["summit-leaders", "sco-council-of-heads-of-state"]),
    );
    expect(memberOf("china")).toEqual(expect.arrayContaining(["sco-countries", "sco-members"]));
    // Each membership the text does not state outright says so, with the quotes of its chain.
    for (const [from, to] of [
      ["xi-jinping", "sco-member-leaders"],
      ["china", "sco-members"],
      ["sco-member-leaders", "sco-council-of-heads-of-state"],
    ]) {
      const [relation] = store.loadRelations([`${from}~MEMBER_OF~${to}`]);
      expect(
        relation && !(relation instanceof Error) && relation.qualifiers.inferred,
        `${from} → ${to}`,
      ).toBe(true);
      expect(relation && !(relation instanceof Error) && relation.evidence.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("the council's meeting is part of it, not a participant in itself", () => {
    const participants = (
      store.loadEdges([{ nodeId: "sco-summit-2020", type: "PARTICIPATES_IN", direction: "INCOMING" }])[0] ??
      []
    ).map((e) => e.from);
    expect(participants).not.toContain("sco-council-of-heads-of-state");
    expect(
      store.loadRelations(["sco-summit-2020~PART_OF~sco-council-of-heads-of-state"])[0],
    ).not.toBeInstanceOf(Error);
  });
});

describe("every relation, curated or derived, links the kinds its type allows", () => {
  it("holds for every relation of the served seed (resolvers page before loading because of it)", () => {
    const kindOf = new Map(
      store
        .loadNodes(store.listEntityIds())
        .flatMap((entity) => ("kind" in entity ? [[entity.id, entity.kind]] : [])),
    );
    const relations = store
      .loadEdges(
        store.listEntityIds().map((nodeId) => ({ nodeId, type: null, direction: "OUTGOING" as const })),
      )
      .flat();
    const broken = relations.filter((relation) => {
      const allowed = RELATION_ENDPOINT_KINDS[relation.type];
      const fromKind = kindOf.get(relation.from) as EntityKind;
      const toKind = kindOf.get(relation.to) as EntityKind;
      return (
        (allowed?.from && !allowed.from.includes(fromKind)) || (allowed?.to && !allowed.to.includes(toKind))
      );
    });
    expect(relations.some((relation) => relation.qualifiers.inferred)).toBe(true);
    expect(broken.map((relation) => relation.id)).toEqual([]);
  });
});
