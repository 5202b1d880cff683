/**
 * Type references, declared apart from their implementations so that type files can point at each other
 * (Person.proposed → Initiative, Initiative.proposedBy → Actor …) without circular imports.
 */

import { GraphQLError } from "graphql";
import type { Context } from "../context.ts";
import { userError } from "../errors.ts";
import type { Entity, EntityKind, EntityOf } from "../graph/model.ts";
import { type EdgeHeader, NotFoundError } from "../graph/store.ts";
import { builder } from "./builder.ts";
import { TYPENAME_BY_KIND } from "./global-id.ts";

/** Load entities of one kind by slug, turning a missing or other-kind slug into a NOT_FOUND error. */
export async function loadEntitiesOfKind<K extends EntityKind>(
  context: Context,
  slugs: readonly string[],
  kind: K,
): Promise<Array<EntityOf<K> | Error>> {
  return (await loadEntitiesOfKinds(context, slugs, [kind], TYPENAME_BY_KIND[kind])) as Array<
    EntityOf<K> | Error
  >;
}

/**
 * Load entities by slug, one result per slug in order: a NOT_FOUND error (naming `typename`, and the kind the slug
 * has when it has another) where a slug is missing or of none of `kinds`; store failures are passed through.
 */
export async function loadEntitiesOfKinds(
  context: Context,
  slugs: readonly string[],
  kinds: readonly EntityKind[],
  typename: string,
): Promise<Array<Entity | Error>> {
  const loaded = await context.loaders.entities.loadMany(slugs);
  return loaded.map((entity, index) => {
    if (entity instanceof Error && !(entity instanceof NotFoundError)) return entity; // a failure, not a miss
    if (entity instanceof Error || !kinds.includes(entity.kind)) {
      const reason = entity instanceof Error ? "not found" : `is a ${entity.kind}`;
      const slug = (slugs[index] ?? "").slice(0, 100);
      return userError("NOT_FOUND", `${typename} "${slug}" ${reason}`, { slug });
    }
    return entity;
  });
}

/**
 * Load the one entity an argument names by slug, or throw NOT_FOUND with `extensions.argument` set to that
 * argument (and the kind it has, when the slug is of another kind); store failures are rethrown as they are.
 */
export async function loadSlugArgument(
  context: Context,
  argument: string,
  slug: string,
  kinds: readonly EntityKind[],
  typename: string,
): Promise<Entity> {
  const [entity] = await loadEntitiesOfKinds(context, [slug], kinds, typename);
  if (entity === undefined) throw userError("NOT_FOUND", `${typename} not found`, { argument });
  if (entity instanceof GraphQLError && entity.extensions.code === "NOT_FOUND") {
    throw userError("NOT_FOUND", entity.message, { ...entity.extensions, argument });
  }
  if (entity instanceof Error) throw entity;
  return entity;
}

/** A Relay node type for one entity kind, loaded through the request's shared entity loader. */
function entityNodeRef<K extends EntityKind>(kind: K) {
  return builder.loadableNodeRef(TYPENAME_BY_KIND[kind], {
    id: { resolve: (entity: EntityOf<K>) => entity.id },
    load: (slugs: string[], context: Context) => loadEntitiesOfKind(context, slugs, kind),
  });
}

export const EntityRef = builder.interfaceRef<Entity>("Entity");
export const ActorRef = builder.interfaceRef<Entity>("Actor");

export const PersonRef = entityNodeRef("PERSON");
export const OrganizationRef = entityNodeRef("ORGANIZATION");
export const CountryRef = entityNodeRef("COUNTRY");
export const GroupRef = entityNodeRef("GROUP");
export const PostRef = entityNodeRef("POST");
export const DocumentRef = entityNodeRef("DOCUMENT");
export const EventRef = entityNodeRef("EVENT");
export const InitiativeRef = entityNodeRef("INITIATIVE");
export const CommitmentRef = entityNodeRef("COMMITMENT");
export const PlaceRef = entityNodeRef("PLACE");
export const TopicRef = entityNodeRef("TOPIC");

/** A relation or only its edge header: the fields beyond the header load the relation by id. */
export const RelationRef = builder.loadableNodeRef("Relation", {
  id: { resolve: (relation: EdgeHeader) => relation.id },
  load: async (ids: string[], context: Context) =>
    (await context.loaders.relations.loadMany(ids)).map((relation, index) =>
      relation instanceof NotFoundError
        ? userError("NOT_FOUND", `Relation "${ids[index]}" not found`)
        : relation,
    ),
});

/** An `isTypeOf` check for the object type that serves one entity kind. */
export function isKind(kind: EntityKind) {
  return (value: unknown): boolean => (value as Partial<Entity> | null)?.kind === kind;
}
