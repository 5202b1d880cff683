import { describe, expect, it } from "vitest";
import { EXHAUSTIVE_LIMITS, execute, store } from "./support/api.ts";

describe("passages: from text back to facts", () => {
  const PASSAGES = `query($after: String) {
    entity(slug: "sco-2020-summit-article") {
      ... on Document {
        passages(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { index start end text sectionLabel entities { slug } relations { type from { slug } to { slug } } }
        }
      }
    }
  }`;
  type Passages = {
    entity: {
      passages: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: {
          index: number;
          start: number;
          end: number;
          text: string;
          sectionLabel: string | null;
          entities: { slug: string }[];
          relations: { type: string; from: { slug: string }; to: { slug: string } }[];
        }[];
      };
    };
  };
  const [source] = store.loadSources(["sco-2020-summit-article"]);
  const text = source && !(source instanceof Error) ? source.text : "";

  it("lists the document's sentences in order, verbatim, at their offsets", async () => {
    const result = await execute<Passages>(PASSAGES);
    const { nodes, totalCount } = result.data?.entity.passages ?? { nodes: [], totalCount: 0 };
    expect(totalCount).toBeGreaterThan(60);
    nodes.forEach((node, i) => {
      expect(node.index).toBe(i);
      expect(text.slice(node.start, node.end)).toBe(node.text);
      if (i > 0) expect(node.start).toBeGreaterThanOrEqual(nodes[i - 1]?.end ?? 0); // "…Future”.Heput" has no space
    });
    expect(nodes[0]?.text).toMatch(/^Shanghai Cooperation Organization: A Pioneer/);
  });

  it("gives the sentence containing Chongqing with the forum commitment, the place and their relations", async () => {
    const result = await execute<Passages>(PASSAGES);
    const chongqing = result.data?.entity.passages.nodes.find((n) => n.text.includes("Chongqing"));
    expect(chongqing?.sectionLabel).toBe("III");
    const slugs = chongqing?.entities.map((e) => e.slug) ?? [];
    expect(slugs).toEqual(expect.arrayContaining(["china-pledge-host-digital-economy-forum", "chongqing"]));
    const relations = chongqing?.relations.map((r) => `${r.from.slug} ${r.type} ${r.to.slug}`) ?? [];
    expect(relations).toEqual(
      expect.arrayContaining([
        "china MAKES china-pledge-host-digital-economy-forum",
        "china-pledge-host-digital-economy-forum LOCATED_IN chongqing",
      ]),
    );
  });

  it("cites in each passage exactly the facts whose evidence overlaps it", async () => {
    const first = await execute<Passages>(PASSAGES);
    const page = first.data?.entity.passages;
    const rest = page?.pageInfo.hasNextPage
      ? await execute<Passages>(PASSAGES, { after: page.pageInfo.endCursor })
      : null;
    const passages = [...(page?.nodes ?? []), ...(rest?.data?.entity.passages.nodes ?? [])];
    expect(passages.length).toBe(page?.totalCount);
    const entities = store.loadNodes(store.listEntityIds()).filter((e) => !(e instanceof Error));
    for (const passage of passages) {
      const expected = entities
        .filter(
          (e) => "evidence" in e && e.evidence.some((q) => q.start < passage.end && q.end > passage.start),
        )
        .map((e) => ("id" in e ? e.id : ""));
      expect(passage.entities.map((e) => e.slug).sort(), `passage ${passage.index}`).toEqual(expected.sort());
    }
  });
});

describe("commitment facets", () => {
  const FACETS = `query($filter: CommitmentFilter) {
    commitments(filter: $filter) { totalCount }
    commitmentFacets(filter: $filter) {
      total
      byKind { kind count }
      byCommitter { entity { slug } count }
      byInitiative { entity { slug } count }
      withoutInitiative
      byTopic { entity { slug } count }
      byYear { year count }
      undated
    }
  }`;
  type Bucket = { entity: { slug: string }; count: number };
  type Facets = {
    commitments: { totalCount: number };
    commitmentFacets: {
      total: number;
      byKind: { kind: string; count: number }[];
      byCommitter: Bucket[];
      byInitiative: Bucket[];
      withoutInitiative: number;
      byTopic: Bucket[];
      byYear: { year: number; count: number }[];
      undated: number;
    };
  };
  const totalFor = async (filter: Record<string, unknown>) =>
    (await execute<Facets>(FACETS, { filter })).data?.commitments.totalCount;

  /** How many of the commitments `filter` lists each actor makes (in the ways the filter allows), by listing. */
  const committersByListing = async (filter: { attribution?: string[] }) => {
    type Page = {
      commitments: {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: { committedBy: { nodes: { slug: string }[] } }[];
      };
    };
    const counts = new Map<string, number>();
    for (let after: string | null = null, more = true; more; ) {
      const listed: { errors?: unknown; data?: Page | null } = await execute<Page>(
        `query($filter: CommitmentFilter, $after: String, $ways: [Attribution!]) {
          commitments(filter: $filter, first: 100, after: $after) {
            pageInfo { hasNextPage endCursor }
            nodes { committedBy(first: 100, attribution: $ways) { nodes { slug } } }
          }
        }`,
        { filter, after, ways: filter.attribution ?? null },
        undefined,
        EXHAUSTIVE_LIMITS,
      );
      expect(listed.errors).toBeUndefined();
      for (const node of listed.data?.commitments.nodes ?? []) {
        for (const { slug } of node.committedBy.nodes) counts.set(slug, (counts.get(slug) ?? 0) + 1);
      }
      more = listed.data?.commitments.pageInfo.hasNextPage ?? false;
      after = listed.data?.commitments.pageInfo.endCursor ?? null;
    }
    return counts;
  };

  for (const filter of [
    {},
    { kinds: ["PLEDGE", "CALL"] },
    { committer: "sco-member-leaders" },
    { committer: "china" },
    { committer: "china", attribution: ["DIRECT"] },
    { attribution: ["DIRECT"] },
  ]) {
    it(`equal the counts obtained by listing, for filter ${JSON.stringify(filter)}`, async () => {
      const result = await execute<Facets>(FACETS, { filter });
      expect(result.errors).toBeUndefined();
      const facets = result.data?.commitmentFacets;
      if (!facets) throw new Error("no facets");
      expect(facets.total).toBe(result.data?.commitments.totalCount);
      expect(facets.byKind.reduce((sum, b) => sum + b.count, 0)).toBe(facets.total);
      expect(facets.byInitiative.reduce((sum, b) => sum + b.count, 0) + facets.withoutInitiative).toBe(
        facets.total,
      );
      for (const bucket of facets.byKind)
        expect(await totalFor({ ...filter, kinds: [bucket.kind] })).toBe(bucket.count);
      // A committer's bucket counts the listed commitments it makes, once each however many ways it makes them;
      // without a committer in the filter, that is the totalCount of the filter narrowed to it.
      const byListing = await committersByListing(filter);
      expect(Object.fromEntries(facets.byCommitter.map((b) => [b.entity.slug, b.count]))).toEqual(
        Object.fromEntries(byListing),
      );
      if (!("committer" in filter)) {
        for (const bucket of facets.byCommitter.slice(0, 8)) {
          expect(await totalFor({ ...filter, committer: bucket.entity.slug }), bucket.entity.slug).toBe(
            bucket.count,
          );
        }
      }
      for (const bucket of facets.byInitiative) {
        expect(await totalFor({ ...filter, initiative: bucket.entity.slug })).toBe(bucket.count);
      }
      for (const bucket of facets.byTopic.slice(0, 10)) {
        expect(await totalFor({ ...filter, topic: bucket.entity.slug })).toBe(bucket.count);
      }
      for (const bucket of facets.byYear)
        expect(await totalFor({ ...filter, yearDue: bucket.year })).toBe(bucket.count);
      const counts = facets.byCommitter.map((b) => b.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });
  }
});

describe("timeline", () => {
  const TIMELINE = `query($from: Date, $to: Date, $kinds: [EntityKind!]) {
    timeline(from: $from, to: $to, kinds: $kinds, first: 100) {
      totalCount nodes { kind entity { slug } date { start end precision raw } }
    }
  }`;
  type Timeline = {
    timeline: {
      totalCount: number;
      nodes: {
        kind: string;
        entity: { slug: string };
        date: { start: string; end: string; precision: string; raw: string | null };
      }[];
    };
  };

  it("lists everything due in 2021, including the announced forums, in date order", async () => {
    const result = await execute<Timeline>(TIMELINE, { from: "2021", to: "2021" });
    const nodes = result.data?.timeline.nodes ?? [];
    const slugs = nodes.map((n) => n.entity.slug);
    expect(slugs).toEqual(
      expect.arrayContaining([
        "digital-economy-forum-chongqing-2021",
        "ngo-friendship-forum-2021",
        "china-pledge-host-digital-economy-forum",
        "china-pledge-continue-sco-youth-campus",
      ]),
    );
    expect(slugs).not.toContain("sco-summit-2020");
    for (const node of nodes) {
      expect(node.date.start <= "2021-12-31" && node.date.end >= "2021").toBe(true);
      expect(node.date.precision).toMatch(/^(DAY|MONTH|YEAR)$/);
    }
    const starts = nodes.map((n) => n.date.start);
    expect(starts).toEqual([...starts].sort());
  });

  it("filters by kind and by a day range", async () => {
    const events = await execute<Timeline>(TIMELINE, {
      kinds: ["EVENT"],
      from: "2020-11-10",
      to: "2020-11-10",
    });
    expect(events.data?.timeline.nodes.map((n) => n.entity.slug)).toContain("sco-summit-2020");
    for (const node of events.data?.timeline.nodes ?? []) expect(node.kind).toBe("EVENT");
    const people = await execute<Timeline>(TIMELINE, { kinds: ["PERSON"] });
    expect(people.data?.timeline.totalCount).toBe(0);
  });

  it("rejects malformed dates and an inverted range with BAD_USER_INPUT", async () => {
    for (const variables of [{ from: "2021-13" }, { to: "next year" }, { from: "2022", to: "2021" }]) {
      const result = await execute(TIMELINE, variables);
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });
});
