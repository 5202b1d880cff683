/** Real identifiers from the loaded graph, so generated queries reach data instead of stopping at NOT_FOUND. */
import type { EntityKind } from "../../src/graph/model.ts";
import type { GraphStore } from "../../src/graph/store.ts";
import { TYPENAME_BY_KIND } from "../../src/schema/global-id.ts";

/** What the generator draws argument values from. */
export interface FuzzCorpus {
  /** Every entity slug, as `entity(slug:)` takes it. */
  slugs: string[];
  /** Global ids of entities (base64 of `Typename:slug`). */
  entityIds: string[];
  /** Global ids of relations. */
  relationIds: string[];
  /** Words from names and descriptions, for `search(query:)` and filters. */
  words: string[];
  /** Slugs by entity kind, for filters that name a committer, initiative or topic. */
  slugsByKind: Map<EntityKind, string[]>;
}

/** Encode a global id the way the API does (base64 of `Typename:slug`). */
export function encodeGlobalId(typename: string, slug: string): string {
  return Buffer.from(`${typename}:${slug}`, "utf8").toString("base64");
}

/** Read the slugs, global ids and words of a loaded store. */
export async function loadFuzzCorpus(store: GraphStore): Promise<FuzzCorpus> {
  const slugs = await store.listEntityIds([]);
  const entities = await store.loadNodes(slugs);
  const entityIds: string[] = [];
  const words = new Set<string>();
  const slugsByKind = new Map<EntityKind, string[]>();
  for (const entity of entities) {
    if (entity instanceof Error) continue;
    entityIds.push(encodeGlobalId(TYPENAME_BY_KIND[entity.kind], entity.id));
    slugsByKind.set(entity.kind, [...(slugsByKind.get(entity.kind) ?? []), entity.id]);
    for (const word of `${entity.name} ${entity.description}`.toLowerCase().split(/[^a-z0-9]+/)) {
      if (word.length >= 3) words.add(word);
    }
  }
  const edges = await store.loadEdges(slugs.map((nodeId) => ({ nodeId, type: null, direction: "OUTGOING" })));
  const relationIds = [...new Set(edges.flat().map((relation) => relation.id))].map((id) =>
    encodeGlobalId("Relation", id),
  );
  return { slugs, entityIds, relationIds, words: [...words].sort(), slugsByKind };
}
