/** Resolvers for relation fields: follow indexed edges through the request's loaders, then page the result. */
import type { DefaultConnectionArguments } from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import { userError } from "../errors.ts";
import type { Attribution, Direction, Entity, EntityKind, EntityOf, RelationType } from "../graph/model.ts";
import { keepAttributed } from "../graph/query.ts";
import { type EdgeHeader, NotFoundError } from "../graph/store.ts";
import { paginate, paginateEntityIds } from "./pagination.ts";
import { loadEntitiesOfKind } from "./refs.ts";

/** The relation headers of one entity for the given types (all when null), in edge order. */
export async function loadEntityRelations(
  context: Context,
  entityId: string,
  types: readonly RelationType[] | null,
  direction: Direction,
): Promise<EdgeHeader[]> {
  if (!types || types.length === 0) return context.loaders.edges(null, direction).load(entityId);
  // A type named twice is still one set of relations: each relation is listed once.
  const distinct = [...new Set(types)];
  const lists = await Promise.all(
    distinct.map((type) => context.loaders.edges(type, direction).load(entityId)),
  );
  return lists.length === 1 ? (lists[0] ?? []) : lists.flat();
}

/** Whether a loader slot is a missing item (as opposed to a failure, which must surface). */
export function isMissing(item: unknown): boolean {
  return (
    item instanceof NotFoundError ||
    (item as { extensions?: { code?: unknown } })?.extensions?.code === "NOT_FOUND"
  );
}

/** Drop the missing slots of a loadMany result; rethrow any other error so store failures are not hidden. */
export function withoutMissing<T>(items: ReadonlyArray<T | Error>): T[] {
  const failure = items.find((item) => item instanceof Error && !isMissing(item));
  if (failure) throw failure;
  return items.filter((item): item is T => !(item instanceof Error));
}

/** Load one entity by slug: NOT_FOUND (with `message`) when there is none; any other failure is rethrown. */
export async function loadEntityOrNotFound(
  context: Context,
  slug: string,
  message: string,
  details: Record<string, unknown> = {},
): Promise<Entity> {
  const [entity] = await context.loaders.entities.loadMany([slug]);
  if (entity === undefined || isMissing(entity)) throw userError("NOT_FOUND", message, details);
  if (entity instanceof Error) throw entity;
  return entity;
}

/** The entity at the other end of `relation`, seen from `entityId`. */
export function otherEnd(relation: EdgeHeader, entityId: string): string {
  return relation.from === entityId ? relation.to : relation.from;
}

/** Entities linked to `entityId` by `types` in `direction`, kept only if of `kinds`, each once, in edge order. */
export async function loadRelated(
  context: Context,
  entityId: string,
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds?: readonly EntityKind[],
): Promise<Entity[]> {
  const relations = await loadEntityRelations(context, entityId, types, direction);
  const ids = [
    ...new Set(relations.map((relation) => (direction === "OUTGOING" ? relation.to : relation.from))),
  ];
  const loaded = withoutMissing(await context.loaders.entities.loadMany(ids));
  return kinds ? loaded.filter((entity) => kinds.includes(entity.kind)) : loaded;
}

/**
 * Entities at the other end of `entityId`'s MAKES links attributed in one of `attribution` ways (any when
 * empty), each once, in edge order, of `kinds`.
 */
export async function loadMakesLinked(
  context: Context,
  entityId: string,
  direction: Exclude<Direction, "BOTH">,
  attribution: readonly Attribution[] | null | undefined,
  kinds: readonly EntityKind[],
): Promise<Entity[]> {
  const [relations = []] = await keepAttributed(
    [await loadEntityRelations(context, entityId, ["MAKES"], direction)],
    attribution,
    (relationIds) => context.loaders.relations.loadMany(relationIds),
  );
  const ids = [
    ...new Set(relations.map((relation) => (direction === "OUTGOING" ? relation.to : relation.from))),
  ];
  const loaded = withoutMissing(await context.loaders.entities.loadMany(ids));
  return loaded.filter((entity) => kinds.includes(entity.kind));
}

/** A resolver for a connection of entities related by `types` in `direction`, narrowed to one kind. */
export function relatedOfKind<K extends EntityKind>(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kind: K,
) {
  return async (parent: Entity, args: DefaultConnectionArguments, context: Context) =>
    paginate(args, (await loadRelated(context, parent.id, types, direction, [kind])) as EntityOf<K>[]);
}

/** A resolver for a connection of entities related by `types`, of any of `kinds` (all kinds when omitted). */
export function relatedEntities(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds?: readonly EntityKind[],
) {
  return async (parent: Entity, args: DefaultConnectionArguments, context: Context) =>
    paginate(args, await loadRelated(context, parent.id, types, direction, kinds));
}

/** A resolver for a single related entity of one kind (the first, in edge order), or null. */
export function firstRelatedOfKind<K extends EntityKind>(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kind: K,
) {
  return async (parent: Entity, _args: unknown, context: Context) =>
    ((await loadRelated(context, parent.id, types, direction, [kind]))[0] as EntityOf<K> | undefined) ?? null;
}

/** Every entity of one kind, in seed order (for root lists that filter or sort before paging). */
export async function loadAllOfKind<K extends EntityKind>(context: Context, kind: K): Promise<EntityOf<K>[]> {
  return withoutMissing(await loadEntitiesOfKind(context, await context.store.listEntityIds([kind]), kind));
}

/** A resolver paging every entity of one kind in seed order, loading only the requested page. */
export function pageOfKind<K extends EntityKind>(kind: K) {
  return async (_root: unknown, args: DefaultConnectionArguments, context: Context) =>
    paginateEntityIds(args, context.store, [kind], (page) => loadEntitiesOfKind(context, page, kind));
}
