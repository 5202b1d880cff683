import { describe, expect, it } from "vitest";
import type { EntityKind } from "../src/graph/model.ts";
import { execute, recordingStore, store } from "./support/api.ts";

/** Each typed lookup, the kinds it serves, and the type names its answers may have. */
const LOOKUPS: { field: string; kinds: EntityKind[]; typenames: string[] }[] = [
  { field: "commitment", kinds: ["COMMITMENT"], typenames: ["Commitment"] },
  { field: "document", kinds: ["DOCUMENT"], typenames: ["Document"] },
  { field: "initiative", kinds: ["INITIATIVE"], typenames: ["Initiative"] },
  { field: "event", kinds: ["EVENT"], typenames: ["Event"] },
  {
    field: "actor",
    kinds: ["PERSON", "ORGANIZATION", "COUNTRY", "GROUP"],
    typenames: ["Person", "Organization", "Country", "Group"],
  },
  { field: "person", kinds: ["PERSON"], typenames: ["Person"] },
  { field: "country", kinds: ["COUNTRY"], typenames: ["Country"] },
  { field: "organization", kinds: ["ORGANIZATION"], typenames: ["Organization"] },
  { field: "topic", kinds: ["TOPIC"], typenames: ["Topic"] },
  { field: "place", kinds: ["PLACE"], typenames: ["Place"] },
];

interface LookupData {
  found: { __typename: string; slug: string; kind: string } | null;
}

describe("typed lookups by slug", () => {
  for (const { field, kinds, typenames } of LOOKUPS) {
    it(`${field}(slug) returns every entity of its kinds, and NOT_FOUND naming \`slug\` otherwise`, async () => {
      const query = `query($slug: String!) { found: ${field}(slug: $slug) { __typename slug kind } }`;
      const slugs = await store.listEntityIds(kinds);
      expect(slugs.length).toBeGreaterThan(0);
      for (const slug of slugs) {
        const result = await execute<LookupData>(query, { slug });
        expect(result.errors, slug).toBeUndefined();
        expect(result.data?.found?.slug).toBe(slug);
        expect(typenames).toContain(result.data?.found?.__typename);
      }

      const unknown = await execute<LookupData>(query, { slug: "no-such-slug" });
      expect(unknown.data?.found).toBeNull();
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", argument: "slug" });
      expect(unknown.errors?.[0]?.message).toMatch(/"no-such-slug" not found/);

      const [otherKindSlug] = await store.listEntityIds(kinds.includes("TOPIC") ? ["PLACE"] : ["TOPIC"]);
      const other = await execute<LookupData>(query, { slug: otherKindSlug });
      expect(other.data?.found).toBeNull();
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", argument: "slug" });
      expect(other.errors?.[0]?.message).toMatch(/is a (TOPIC|PLACE)$/);
    });
  }

  it("answers several lookups in one request with one entity batch", async () => {
    const recorder = recordingStore();
    const result = await execute<Record<string, { slug: string } | null>>(
      `{ person(slug: "xi-jinping") { slug } actor(slug: "who") { slug } country(slug: "china") { slug } }`,
      {},
      recorder.store,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      person: { slug: "xi-jinping" },
      actor: { slug: "who" },
      country: { slug: "china" },
    });
    expect(recorder.calls).toEqual(["loadNodes"]);
  });
});

describe("places", () => {
  it("lists every place in seed order, paged like the other root lists", async () => {
    const expected = await store.listEntityIds(["PLACE"]);
    const all = await execute<{
      places: { totalCount: number; nodes: { __typename: string; slug: string }[] };
    }>(`{ places(first: 100) { totalCount nodes { __typename slug } } }`);
    expect(all.errors).toBeUndefined();
    expect(all.data?.places.totalCount).toBe(expected.length);
    expect(all.data?.places.nodes.map((n) => n.slug)).toEqual(expected);
    expect(new Set(all.data?.places.nodes.map((n) => n.__typename))).toEqual(new Set(["Place"]));
    const page = await execute<{ places: { nodes: { slug: string }[]; pageInfo: { hasNextPage: boolean } } }>(
      `{ places(first: 2) { nodes { slug } pageInfo { hasNextPage } } }`,
    );
    expect(page.data?.places.nodes.map((n) => n.slug)).toEqual(expected.slice(0, 2));
    expect(page.data?.places.pageInfo.hasNextPage).toBe(expected.length > 2);
  });
});

describe("Relation.label", () => {
  it("reads as the endpoints' names around the type in lower-case words", async () => {
    type LabelledRelation = { type: string; label: string; from: { name: string }; to: { name: string } };
    const result = await execute<{ entity: { relations: { nodes: LabelledRelation[] } } }>(
      `{ entity(slug: "xi-jinping") { relations(types: [PROPOSES, HOLDS_POST], first: 100) {
          nodes { type label from { name } to { name } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.entity.relations.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(1);
    for (const relation of nodes) {
      const words = relation.type.toLowerCase().replaceAll("_", " ");
      expect(relation.label).toBe(`${relation.from.name} ${words} ${relation.to.name}`);
    }
    expect(nodes.map((r) => r.label)).toContain("Xi Jinping proposes Community of health for all");
    expect(nodes.map((r) => r.label)).toContain("Xi Jinping holds post President of China");
  });

  it("loads the endpoints' names in one entity batch for all relations", async () => {
    const recorder = recordingStore();
    const result = await execute(
      `{ entity(slug: "china") { relations(first: 50) { nodes { label } } } }`,
      {},
      recorder.store,
    );
    expect(result.errors).toBeUndefined();
    expect(recorder.calls).toEqual(["loadNodes", "loadEdges(*,BOTH)", "loadNodes"]);
  });
});

describe("Date scalar", () => {
  it("points at the ISO 8601 specification with @specifiedBy", async () => {
    const result = await execute<{ __type: { specifiedByURL: string | null } }>(
      `{ __type(name: "Date") { specifiedByURL } }`,
    );
    expect(result.data?.__type.specifiedByURL).toBe("https://www.iso.org/iso-8601-date-and-time-format.html");
  });
});
