import { describe, expect, it } from "vitest";
import { ACTOR_KINDS, type Entity, type EntityKind, type RelationType } from "../src/graph/model.ts";
import { EXHAUSTIVE_LIMITS, execute, store } from "./support/api.ts";

type Way = "OUTGOING" | "INCOMING";
interface FieldSpec {
  types: RelationType[];
  way: Way;
  kinds?: readonly EntityKind[];
  single?: boolean;
}

const DOCUMENT_ACTIONS: RelationType[] = ["ISSUES", "ADOPTS", "APPROVES", "SIGNS"];
const ACTOR_FIELDS: Record<string, FieldSpec> = {
  commitments: { types: ["MAKES"], way: "OUTGOING", kinds: ["COMMITMENT"] },
  proposed: { types: ["PROPOSES"], way: "OUTGOING", kinds: ["INITIATIVE"] },
  launched: { types: ["LAUNCHES"], way: "OUTGOING", kinds: ["INITIATIVE"] },
  addressedBy: { types: ["ADDRESSED_TO"], way: "INCOMING", kinds: ["COMMITMENT"] },
  documents: { types: DOCUMENT_ACTIONS, way: "OUTGOING", kinds: ["DOCUMENT"] },
  participatedIn: { types: ["PARTICIPATES_IN"], way: "OUTGOING", kinds: ["EVENT"] },
  hosts: { types: ["HOSTS"], way: "OUTGOING", kinds: ["EVENT"] },
  memberOf: { types: ["MEMBER_OF", "OBSERVER_OF"], way: "OUTGOING" },
  members: { types: ["MEMBER_OF", "OBSERVER_OF"], way: "INCOMING", kinds: ACTOR_KINDS },
  supports: { types: ["SUPPORTS"], way: "OUTGOING" },
  opposes: { types: ["OPPOSES"], way: "OUTGOING" },
};

/** Every typed relation field, per object type: which edges it must follow (the spec, written independently). */
const FIELDS: Record<string, { kind: EntityKind; fields: Record<string, FieldSpec> }> = {
  Person: {
    kind: "PERSON",
    fields: {
      ...ACTOR_FIELDS,
      posts: { types: ["HOLDS_POST"], way: "OUTGOING", kinds: ["POST"] },
      delivered: { types: ["DELIVERS"], way: "OUTGOING", kinds: ["DOCUMENT"] },
      authored: { types: ["AUTHORED"], way: "OUTGOING", kinds: ["DOCUMENT"] },
    },
  },
  Organization: {
    kind: "ORGANIZATION",
    fields: {
      ...ACTOR_FIELDS,
      posts: { types: ["POST_IN"], way: "INCOMING", kinds: ["POST"] },
      partOf: { types: ["PART_OF"], way: "OUTGOING" },
      parts: { types: ["PART_OF"], way: "INCOMING" },
    },
  },
  Country: {
    kind: "COUNTRY",
    fields: { ...ACTOR_FIELDS, posts: { types: ["POST_IN"], way: "INCOMING", kinds: ["POST"] } },
  },
  Group: { kind: "GROUP", fields: ACTOR_FIELDS },
  Post: {
    kind: "POST",
    fields: {
      holders: { types: ["HOLDS_POST"], way: "INCOMING", kinds: ["PERSON"] },
      organization: { types: ["POST_IN"], way: "OUTGOING", single: true },
    },
  },
  Document: {
    kind: "DOCUMENT",
    fields: {
      authors: { types: ["AUTHORED"], way: "INCOMING", kinds: ["PERSON"] },
      deliveredBy: { types: ["DELIVERS"], way: "INCOMING", kinds: ["PERSON"] },
      issuedBy: { types: DOCUMENT_ACTIONS, way: "INCOMING", kinds: ACTOR_KINDS },
      producedAt: { types: ["PRODUCED_AT"], way: "OUTGOING", kinds: ["EVENT"] },
      implements: { types: ["IMPLEMENTS"], way: "OUTGOING", kinds: ["DOCUMENT"] },
      implementedBy: { types: ["IMPLEMENTS"], way: "INCOMING", kinds: ["DOCUMENT"] },
      commitments: { types: ["CONTAINS"], way: "OUTGOING", kinds: ["COMMITMENT"] },
      topics: { types: ["CONCERNS"], way: "OUTGOING", kinds: ["TOPIC"] },
      mentions: { types: ["MENTIONS"], way: "OUTGOING" },
    },
  },
  Event: {
    kind: "EVENT",
    fields: {
      place: { types: ["LOCATED_IN"], way: "OUTGOING", kinds: ["PLACE"], single: true },
      participants: { types: ["PARTICIPATES_IN"], way: "INCOMING", kinds: ACTOR_KINDS },
      hostedBy: { types: ["HOSTS"], way: "INCOMING", kinds: ACTOR_KINDS },
      outcomes: { types: ["PRODUCED_AT"], way: "INCOMING", kinds: ["DOCUMENT"] },
      commemorates: { types: ["COMMEMORATES"], way: "OUTGOING" },
    },
  },
  Initiative: {
    kind: "INITIATIVE",
    fields: {
      proposedBy: { types: ["PROPOSES"], way: "INCOMING", kinds: ACTOR_KINDS },
      launchedBy: { types: ["LAUNCHES"], way: "INCOMING", kinds: ACTOR_KINDS },
      commitments: { types: ["CONTAINS"], way: "OUTGOING", kinds: ["COMMITMENT"] },
      supportedBy: { types: ["SUPPORTS"], way: "INCOMING" },
      topics: { types: ["CONCERNS"], way: "OUTGOING", kinds: ["TOPIC"] },
    },
  },
  Commitment: {
    kind: "COMMITMENT",
    fields: {
      committedBy: { types: ["MAKES"], way: "INCOMING", kinds: ACTOR_KINDS },
      addressees: { types: ["ADDRESSED_TO"], way: "OUTGOING", kinds: ACTOR_KINDS },
      initiative: { types: ["CONTAINS"], way: "INCOMING", kinds: ["INITIATIVE"], single: true },
      statedIn: { types: ["CONTAINS"], way: "INCOMING", kinds: ["DOCUMENT"] },
      topics: { types: ["CONCERNS"], way: "OUTGOING", kinds: ["TOPIC"] },
      place: { types: ["LOCATED_IN"], way: "OUTGOING", kinds: ["PLACE"], single: true },
      supports: { types: ["SUPPORTS"], way: "OUTGOING" },
      opposes: { types: ["OPPOSES"], way: "OUTGOING" },
    },
  },
  Place: {
    kind: "PLACE",
    fields: {
      locatedHere: { types: ["LOCATED_IN"], way: "INCOMING" },
      partOf: { types: ["PART_OF", "LOCATED_IN"], way: "OUTGOING" },
    },
  },
  Topic: {
    kind: "TOPIC",
    fields: {
      concernedBy: { types: ["CONCERNS"], way: "INCOMING" },
      commitments: { types: ["CONCERNS"], way: "INCOMING", kinds: ["COMMITMENT"] },
      documents: { types: ["CONCERNS"], way: "INCOMING", kinds: ["DOCUMENT"] },
    },
  },
};

/** Slugs the seed links to `slug` for a field spec, straight from the store's edge index. */
function expectedSlugs(slug: string, spec: FieldSpec): string[] {
  const lists = store.loadEdges(spec.types.map((type) => ({ nodeId: slug, type, direction: spec.way })));
  const ends = [...new Set(lists.flat().map((r) => (spec.way === "OUTGOING" ? r.to : r.from)))];
  const entities = store.loadNodes(ends).filter((e): e is Entity => !(e instanceof Error));
  return entities.filter((e) => !spec.kinds || spec.kinds.includes(e.kind)).map((e) => e.id);
}

type Row = Record<string, unknown> & { slug: string };

describe("typed relation fields return exactly the ids the seed links", () => {
  for (const [typename, { kind, fields }] of Object.entries(FIELDS)) {
    it(`${typename}: ${Object.keys(fields).join(", ")}`, async () => {
      const selections = Object.entries(fields)
        .map(([name, spec]) =>
          spec.single ? `${name} { slug }` : `${name}(first: 100) { totalCount nodes { slug } }`,
        )
        .join("\n");
      const query = `query($after: String) { entities(kinds: [${kind}], first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { slug ... on ${typename} { ${selections} } } } }`;
      type Page = {
        entities: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Row[] };
      };
      const rows: Row[] = [];
      for (let after: string | null = null, more = true; more; ) {
        const result: { errors?: unknown; data?: Page | null } = await execute<Page>(
          query,
          { after },
          store,
          EXHAUSTIVE_LIMITS,
        );
        expect(result.errors).toBeUndefined();
        rows.push(...(result.data?.entities.nodes ?? []));
        more = result.data?.entities.pageInfo.hasNextPage ?? false;
        after = result.data?.entities.pageInfo.endCursor ?? null;
      }
      expect(rows.length).toBe(store.listEntityIds([kind]).length);
      expect(rows.length).toBeGreaterThan(0);
      let linked = 0;
      for (const row of rows) {
        for (const [name, spec] of Object.entries(fields)) {
          const expected = expectedSlugs(row.slug, spec);
          linked += expected.length;
          if (spec.single) {
            expect(row[name], `${typename} ${row.slug}.${name}`).toEqual(
              expected[0] ? { slug: expected[0] } : null,
            );
          } else {
            const connection = row[name] as { totalCount: number; nodes: { slug: string }[] };
            expect(
              connection.nodes.map((n) => n.slug),
              `${typename} ${row.slug}.${name}`,
            ).toEqual(expected);
            expect(connection.totalCount).toBe(expected.length);
          }
        }
      }
      // Not a vacuous pass: this type's fields link to real entities somewhere in the seed.
      expect(linked).toBeGreaterThan(0);
    });
  }

  it("Entity.relations matches the edge index for every entity, both directions and by type", async () => {
    const query = `query($types: [RelationType!], $direction: Direction) {
      entities(first: 100) { nodes { slug relations(first: 100, types: $types, direction: $direction) { totalCount nodes { type from { slug } to { slug } evidence { quote } } } } }
    }`;
    for (const [types, direction] of [
      [null, "BOTH"],
      [["MAKES"], "INCOMING"],
      [["CONCERNS", "CONTAINS"], "OUTGOING"],
    ] as const) {
      const result = await execute<{
        entities: {
          nodes: {
            slug: string;
            relations: {
              totalCount: number;
              nodes: { type: string; from: { slug: string }; to: { slug: string } }[];
            };
          }[];
        };
      }>(query, { types, direction }, store, EXHAUSTIVE_LIMITS);
      expect(result.errors).toBeUndefined();
      for (const row of result.data?.entities.nodes ?? []) {
        const keys = (types ?? [null]).map((type) => ({ nodeId: row.slug, type, direction }));
        const expected = store.loadEdges(keys).flat();
        expect(row.relations.totalCount, row.slug).toBe(expected.length);
        expect(row.relations.nodes.map((r) => `${r.from.slug}~${r.type}~${r.to.slug}`).slice(0, 100)).toEqual(
          expected.map((r) => r.id).slice(0, 100),
        );
      }
    }
  });
});
