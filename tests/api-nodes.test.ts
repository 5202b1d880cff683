import { describe, expect, it } from "vitest";
import type { EntityKind } from "../src/graph/model.ts";
import { TYPENAME_BY_KIND } from "../src/schema/global-id.ts";
import { execute, globalId, store } from "./support/api.ts";

describe("Relay nodes", () => {
  it("node(id) round-trips one entity of every object type, and a relation", async () => {
    for (const [kind, typename] of Object.entries(TYPENAME_BY_KIND)) {
      const [slug] = store.listEntityIds([kind as EntityKind]);
      expect(slug, `the seed has a ${kind}`).toBeDefined();
      const listed = await execute<{ entity: { id: string; __typename: string } }>(
        `query($slug: String!) { entity(slug: $slug) { id __typename } }`,
        { slug },
      );
      const id = listed.data?.entity.id;
      expect(listed.data?.entity.__typename).toBe(typename);
      const fetched = await execute<{ node: { id: string; __typename: string; slug: string } }>(
        `query($id: ID!) { node(id: $id) { id __typename ... on Entity { slug } } }`,
        { id },
      );
      expect(fetched.errors).toBeUndefined();
      expect(fetched.data?.node).toEqual({ id, __typename: typename, slug });
    }
    const relation = await execute<{ entity: { relations: { nodes: { id: string; type: string }[] } } }>(
      `{ entity(slug: "xi-jinping") { relations(first: 1) { nodes { id type } } } }`,
    );
    const [first] = relation.data?.entity.relations.nodes ?? [];
    const again = await execute<{ node: { id: string; type: string } }>(
      `query($id: ID!) { node(id: $id) { id ... on Relation { type } } }`,
      { id: first?.id },
    );
    expect(again.data?.node).toEqual(first);
  });

  it("nodes(ids) keeps order and answers null plus a NOT_FOUND error for an unknown id", async () => {
    const ids = [
      globalId("Country", "china"),
      globalId("Person", "nobody"),
      globalId("Person", "xi-jinping"),
    ];
    const result = await execute<{ nodes: ({ slug: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { slug } } }`,
      { ids },
    );
    expect(result.data?.nodes).toEqual([{ slug: "china" }, null, { slug: "xi-jinping" }]);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
  });

  it("a well-formed id of the wrong type is NOT_FOUND", async () => {
    const result = await execute(`query($id: ID!) { node(id: $id) { id } }`, {
      id: globalId("Person", "china"),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(result.errors?.[0]?.message).toMatch(/Person "china"/);
  });

  it("an invalid global id is BAD_USER_INPUT", async () => {
    for (const id of [
      "not-an-id",
      "",
      globalId("Nonsense", "x"),
      Buffer.from("nocolon").toString("base64"),
    ]) {
      const result = await execute(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(result.errors?.[0]?.extensions?.code, id).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/not a valid global id/);
    }
  });

  it("an unknown slug is NOT_FOUND", async () => {
    const result = await execute(`{ entity(slug: "atlantis") { name } }`);
    expect(result.data).toEqual({ entity: null });
    expect(result.errors?.[0]).toMatchObject({
      message: 'no entity has the slug "atlantis"',
      extensions: { code: "NOT_FOUND" },
    });
  });
});

interface Page {
  commitments: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    nodes: { slug: string }[];
  };
}

describe("pagination", () => {
  const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
    commitments(first: $first, after: $after, last: $last, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { slug }
    }
  }`;
  const all = store.listEntityIds(["COMMITMENT"]);

  it("pages through a long list with first/after until hasNextPage is false, seeing every item once", async () => {
    expect(all.length).toBeGreaterThan(40);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: { data?: Page | null } = await execute<Page>(PAGE, { first: 15, after });
      const page = result.data?.commitments;
      if (!page) throw new Error("no page");
      expect(page.totalCount).toBe(all.length);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.nodes.map((n) => n.slug));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 15));
  });

  it("defaults to 25 items", async () => {
    const result = await execute<Page>(PAGE);
    expect(result.data?.commitments.nodes).toHaveLength(25);
    expect(result.data?.commitments.pageInfo.hasNextPage).toBe(true);
  });

  it("rejects first above 100 or below 0, and a bad cursor, with BAD_USER_INPUT", async () => {
    for (const variables of [{ first: 101 }, { first: -1 }, { last: 500 }, { first: 5, after: "garbage" }]) {
      const result = await execute(PAGE, variables);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
    const result = await execute(PAGE, { first: 101 });
    expect(result.errors?.[0]?.message).toBe("`first` must be between 0 and 100, got 101");
  });
});

describe("root collections and filters", () => {
  const COMMITMENTS = `query($filter: CommitmentFilter, $orderBy: EntityOrder) {
    commitments(filter: $filter, orderBy: $orderBy, first: 100) {
      totalCount nodes { slug commitmentKind timeframe { start end } committedBy { nodes { slug } } }
    }
  }`;
  type Commitments = {
    commitments: {
      totalCount: number;
      nodes: {
        slug: string;
        commitmentKind: string;
        timeframe: { start: string; end: string } | null;
        committedBy: { nodes: { slug: string }[] };
      }[];
    };
  };

  it("filters commitments by kind and committer", async () => {
    const result = await execute<Commitments>(COMMITMENTS, {
      filter: { kinds: ["PLEDGE"], committer: "china" },
    });
    const nodes = result.data?.commitments.nodes ?? [];
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const node of nodes) {
      expect(node.commitmentKind).toBe("PLEDGE");
      expect(node.committedBy.nodes.map((n) => n.slug)).toContain("china");
    }
    const expected = store
      .loadEdges([{ nodeId: "china", type: "MAKES", direction: "OUTGOING" }])[0]
      ?.map((r) => store.loadNodes([r.to])[0])
      .filter((c) => c && !(c instanceof Error) && c.kind === "COMMITMENT" && c.commitmentKind === "PLEDGE");
    expect(result.data?.commitments.totalCount).toBe(expected?.length);
  });

  it("filters by initiative, topic, year due and text", async () => {
    const byInitiative = await execute<Commitments>(COMMITMENTS, {
      filter: { initiative: "community-of-development-initiative" },
    });
    const contained = store.loadEdges([
      { nodeId: "community-of-development-initiative", type: "CONTAINS", direction: "OUTGOING" },
    ])[0];
    expect(byInitiative.data?.commitments.nodes.map((n) => n.slug).sort()).toEqual(
      contained?.map((r) => r.to).sort(),
    );

    const due2021 = await execute<Commitments>(COMMITMENTS, { filter: { yearDue: 2021 } });
    const slugs = due2021.data?.commitments.nodes.map((n) => n.slug) ?? [];
    expect(slugs).toEqual(
      expect.arrayContaining([
        "china-pledge-host-digital-economy-forum",
        "china-pledge-continue-sco-youth-campus",
      ]),
    );
    for (const node of due2021.data?.commitments.nodes ?? []) {
      expect(node.timeframe && node.timeframe.start <= "2021" && node.timeframe.end >= "2021").toBe(true);
    }
    const due2023 = await execute<Commitments>(COMMITMENTS, { filter: { yearDue: 2023 } });
    expect(due2023.data?.commitments.nodes.map((n) => n.slug)).toContain(
      "china-pledge-continue-sco-youth-campus",
    );
    expect(due2023.data?.commitments.nodes.map((n) => n.slug)).not.toContain(
      "china-pledge-host-digital-economy-forum",
    );

    const byText = await execute<Commitments>(COMMITMENTS, { filter: { text: "CHONGQING forum" } });
    expect(byText.data?.commitments.nodes.map((n) => n.slug)).toEqual([
      "china-pledge-host-digital-economy-forum",
    ]);

    const byTopic = await execute<Commitments>(COMMITMENTS, { filter: { topic: "vaccines" } });
    expect(byTopic.data?.commitments.totalCount).toBeGreaterThan(0);
    const none = await execute<Commitments>(COMMITMENTS, {
      filter: { committer: "china", topic: "vaccines", kinds: ["AGREEMENT"] },
    });
    expect(none.data?.commitments.totalCount).toBe(0);
  });

  it("orders commitments by date, undated last", async () => {
    const result = await execute<Commitments>(COMMITMENTS, { orderBy: "DATE" });
    const starts = (result.data?.commitments.nodes ?? []).map((n) => n.timeframe?.start ?? "~");
    expect(starts).toEqual([...starts].sort());
    expect(starts[0]).not.toBe("~");
  });

  it("lists documents by type, events by status, actors by kind, initiatives and topics", async () => {
    const result = await execute<{
      documents: { totalCount: number; nodes: { documentType: string }[] };
      events: { nodes: { status: string }[] };
      actors: { totalCount: number; nodes: { kind: string }[] };
      initiatives: { totalCount: number };
      topics: { totalCount: number };
    }>(`{
      documents(types: [STATEMENT], first: 100) { totalCount nodes { documentType } }
      events(status: HELD, first: 100) { nodes { status } }
      actors(kinds: [COUNTRY, PERSON], first: 100) { totalCount nodes { kind } }
      initiatives { totalCount }
      topics { totalCount }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.documents.totalCount).toBeGreaterThanOrEqual(6);
    expect(new Set(result.data?.documents.nodes.map((d) => d.documentType))).toEqual(new Set(["STATEMENT"]));
    expect(new Set(result.data?.events.nodes.map((e) => e.status))).toEqual(new Set(["HELD"]));
    expect(result.data?.actors.totalCount).toBe(store.listEntityIds(["COUNTRY", "PERSON"]).length);
    expect(result.data?.initiatives.totalCount).toBe(store.listEntityIds(["INITIATIVE"]).length);
    expect(result.data?.topics.totalCount).toBe(store.listEntityIds(["TOPIC"]).length);
  });

  it("rejects non-actor kinds on actors with BAD_USER_INPUT", async () => {
    const result = await execute(`{ actors(kinds: [TOPIC]) { totalCount } }`);
    expect(result.errors?.[0]).toMatchObject({
      message: "not actor kinds: TOPIC",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("evidence and documents", () => {
  it("gives each quote its offsets, section, whole sentence and document, consistent with the held text", async () => {
    const result = await execute<{
      entity: {
        evidence: {
          quote: string;
          start: number;
          end: number;
          section: string;
          sectionLabel: string;
          sentence: string;
          document: { slug: string; text: string };
        }[];
      };
    }>(`{ entity(slug: "china-pledge-host-digital-economy-forum") {
      evidence { quote start end section sectionLabel sentence document { slug text } }
    } }`);
    const [evidence] = result.data?.entity.evidence ?? [];
    expect(evidence?.document.text.slice(evidence.start, evidence.end)).toBe(evidence?.quote);
    expect(evidence?.sectionLabel).toBe("III");
    expect(evidence?.section).toMatch(/^III\. Building a community of development for all/);
    expect(evidence?.sentence).toBe(
      "President Xi Jinping stated that next year, China will host a China-SCO forum on the digital economy industry in Chongqing, which will provide a platform for innovation cooperation among parties.",
    );
  });

  it("serves a held document's full text and sections, and none for a document without a held source", async () => {
    const result = await execute<{
      held: {
        held: boolean;
        text: string;
        sections: { label: string }[];
        authors: { nodes: { slug: string }[] };
      };
      other: { held: boolean; text: string | null; sections: unknown[] };
    }>(`{
      held: entity(slug: "sco-2020-summit-article") { ... on Document { held text sections { label } authors { nodes { slug } } } }
      other: entity(slug: "moscow-declaration") { ... on Document { held text sections { label } } } }`);
    expect(result.data?.held.held).toBe(true);
    expect(result.data?.held.text.length).toBe(
      store.loadSources(["sco-2020-summit-article"]).map((s) => ("text" in s ? s.text.length : 0))[0],
    );
    expect(result.data?.held.sections.map((s) => s.label)).toEqual(["I", "II", "III", "IV", "V"]);
    expect(result.data?.held.authors.nodes).toEqual([{ slug: "sun-linjiang" }]);
    expect(result.data?.other).toEqual({ held: false, text: null, sections: [] });
  });
});
