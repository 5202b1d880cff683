/** The Relation type: a typed, evidenced link between two entities. */
import type { Context } from "../context.ts";
import type { Entity, Relation } from "../graph/model.ts";
import type { EdgeHeader } from "../graph/store.ts";
import { listSize, sizes } from "./cost.ts";
import { RelationTypeEnum } from "./enums.ts";
import { EvidenceRef, QualifiersRef } from "./evidence.ts";
import { encodeId, TYPENAME_BY_KIND } from "./global-id.ts";
import { EntityRef, RelationRef } from "./refs.ts";

function loadEntity(slug: string, context: Context): Promise<Entity> {
  return context.loaders.entities.load(slug);
}

/** The whole relation behind a header (evidence, qualifiers), through the request's relations loader. */
function loadRelation(header: EdgeHeader, context: Context): Promise<Relation> {
  return context.loaders.relations.load(header.id);
}

RelationRef.implement({
  description: "A typed link `from → to` between two entities, with the quotes that state it.",
  isTypeOf: (value) =>
    typeof value === "object" && value !== null && "type" in value && "from" in value && !("kind" in value),
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, description: "What the link means.", resolve: (r) => r.type }),
    label: t.string({
      description:
        'A readable sentence for the link, its endpoints\' names around its type in words ("Xi Jinping proposes Community of Health Initiative").',
      resolve: async (r, _args, context) => {
        const [from, to] = await Promise.all([loadEntity(r.from, context), loadEntity(r.to, context)]);
        return `${from.name} ${r.type.toLowerCase().replaceAll("_", " ")} ${to.name}`;
      },
    }),
    from: t.field({
      type: EntityRef,
      description: "The entity the relation starts from.",
      resolve: (r, _a, c) => loadEntity(r.from, c),
    }),
    to: t.field({
      type: EntityRef,
      description: "The entity the relation points to.",
      resolve: (r, _a, c) => loadEntity(r.to, c),
    }),
    source: t.id({
      description: "Global id of `from`, for graph-drawing libraries that take edges as source/target ids.",
      resolve: (r, _args, context) =>
        context.loaders.entities.load(r.from).then((e) => encodeId(TYPENAME_BY_KIND[e.kind], e.id)),
    }),
    target: t.id({
      description: "Global id of `to`, for graph-drawing libraries that take edges as source/target ids.",
      resolve: (r, _args, context) =>
        context.loaders.entities.load(r.to).then((e) => encodeId(TYPENAME_BY_KIND[e.kind], e.id)),
    }),
    evidence: t.field({
      type: [EvidenceRef],
      description: "The verbatim quotes that state this relation.",
      extensions: listSize(sizes.largest("evidence")),
      resolve: async (r, _args, context) => (await loadRelation(r, context)).evidence,
    }),
    qualifiers: t.field({
      type: QualifiersRef,
      description: "Date, role or quantity qualifying the relation.",
      resolve: async (r, _args, context) => (await loadRelation(r, context)).qualifiers,
    }),
  }),
});
