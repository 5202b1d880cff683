import type { Entity } from "../graph/model.ts";
import { builder } from "./builder.ts";
import { EntityConnection, RelationConnection } from "./connections.ts";
import { listSize, sizes } from "./cost.ts";
import { DirectionEnum, EntityKindEnum, RelationTypeEnum } from "./enums.ts";
import { EvidenceRef } from "./evidence.ts";
import { TYPENAME_BY_KIND } from "./global-id.ts";
import { paginate, paginateEntityIds } from "./pagination.ts";
import { EntityRef, RelationRef } from "./refs.ts";
import { loadEntityOrNotFound, loadEntityRelations } from "./related.ts";

EntityRef.implement({
  description: "Anything the graph knows: an actor, document, event, initiative, commitment, place or topic.",
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => TYPENAME_BY_KIND[entity.kind],
  fields: (t) => ({
    slug: t.exposeString("id", {
      description: "Stable human-readable id from the seed, such as `xi-jinping`.",
    }),
    name: t.exposeString("name", { description: "The name the sources use." }),
    kind: t.field({
      type: EntityKindEnum,
      description: "What kind of entity this is.",
      resolve: (e) => e.kind,
    }),
    description: t.exposeString("description", {
      description: "One plain-English sentence, grounded in the sources.",
    }),
    aliases: t.exposeStringList("aliases", { description: "Other names the sources use for it." }),
    evidence: t.field({
      type: [EvidenceRef],
      description: "The verbatim quotes that attest this entity.",
      extensions: listSize(sizes.largest("evidence")),
      resolve: (e) => e.evidence,
    }),
    relations: t.connection(
      {
        type: RelationRef,
        description: "Every relation of this entity, optionally only some types or one direction.",
        args: {
          types: t.arg({
            type: [RelationTypeEnum],
            required: false,
            description: "Only these relation types (all when omitted).",
          }),
          direction: t.arg({
            type: DirectionEnum,
            required: false,
            defaultValue: "BOTH",
            description: "Which way relations point, seen from this entity.",
          }),
        },
        resolve: async (entity, args, context) =>
          paginate(
            args,
            await loadEntityRelations(context, entity.id, args.types ?? null, args.direction ?? "BOTH"),
          ),
      },
      RelationConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  entity: t.field({
    type: EntityRef,
    nullable: true,
    description: "Look an entity up by its slug, such as `xi-jinping`; a NOT_FOUND error when there is none.",
    args: { slug: t.arg.string({ required: true, description: "The entity's slug." }) },
    resolve: (_root, { slug }, context): Promise<Entity> =>
      loadEntityOrNotFound(context, slug, `no entity has the slug "${slug.slice(0, 100)}"`, {
        slug: slug.slice(0, 100),
      }),
  }),
  entities: t.connection(
    {
      type: EntityRef,
      description: "All entities, optionally of some kinds only, in seed order.",
      args: {
        kinds: t.arg({
          type: [EntityKindEnum],
          required: false,
          description: "Only these kinds (all when omitted).",
        }),
      },
      resolve: async (_root, args, context) => {
        return paginateEntityIds(args, context.store, args.kinds ?? [], (page) =>
          context.loaders.entities.loadMany(page),
        );
      },
    },
    EntityConnection,
  ),
}));
