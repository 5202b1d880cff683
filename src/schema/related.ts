/** Resolvers for relation fields: follow indexed edges through the request's loaders, then page the result. */
import type { DefaultConnectionArguments } from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import { userError } from "../errors.ts";
import {
  type Attribution,
  type Direction,
  type Entity,
  type EntityKind,
  type EntityOf,
  RELATION_ENDPOINT_KINDS,
  type RelationType,
} from "../graph/model.ts";
import { keepAttributed } from "../graph/query.ts";
import { type EdgeHeader, NotFoundError } from "../graph/store.ts";
import { paginate, paginateEntityIds, paginateKeys } from "./pagination.ts";
import { loadEntitiesOfKind } from "./refs.ts";

/** The relation headers of one entity for the given types (all when null), in edge order. */
export function loadEntityRelations(
  context: Context,
  entityId: string,
  types: readonly RelationType[] | null,
  direction: Direction,
): Promise<EdgeHeader[]> {
  // The loader's own promise when one list answers (these run for every node of every page: no extra await).
  if (!types || types.length === 0) return context.loaders.edges(null, direction).load(entityId);
  if (types.length === 1) return context.loaders.edges(types[0] as RelationType, direction).load(entityId);
  // A type named twice is still one set of relations: each relation is listed once.
  const distinct = [...new Set(types)];
  return Promise.all(distinct.map((type) => context.loaders.edges(type, direction).load(entityId))).then(
    (lists) => (lists.length === 1 ? (lists[0] ?? []) : lists.flat()),
  );
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

/** The entities at the far end of `relations` (from the `direction` they were listed in), each once, in edge order. */
function farEnds(relations: readonly EdgeHeader[], direction: Exclude<Direction, "BOTH">): string[] {
  return [...new Set(relations.map((relation) => (direction === "OUTGOING" ? relation.to : relation.from)))];
}

/** Whether every entity a relation of `types` reaches in `direction` is of one of `kinds`, by the types' meaning. */
function kindsGuaranteed(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds: readonly EntityKind[] | undefined,
): boolean {
  if (!kinds) return true;
  return types.every((type) => {
    const allowed = RELATION_ENDPOINT_KINDS[type]?.[direction === "OUTGOING" ? "to" : "from"];
    return allowed?.every((kind) => kinds.includes(kind)) ?? false;
  });
}

/**
 * One page of the entities at the far end of `relations`, of `kinds`, each once, in edge order. When the relation
 * types guarantee the kinds, only the page is loaded (a hub with 10⁵ links pages as fast as a leaf); otherwise
 * every far end is loaded to filter it before paging.
 */
async function pageFarEnds<T extends Entity>(
  context: Context,
  args: DefaultConnectionArguments,
  relations: readonly EdgeHeader[],
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds?: readonly EntityKind[],
) {
  const ids = farEnds(relations, direction);
  if (kindsGuaranteed(types, direction, kinds)) {
    // A missing item fails its page either way, so one promise per key does (loadMany makes two).
    const entities = context.loaders.entities;
    return paginateKeys(args, ids, (page) => Promise.all(page.map((id) => entities.load(id) as Promise<T>)));
  }
  const loaded = withoutMissing(await context.loaders.entities.loadMany(ids));
  return paginate(args, (kinds ? loaded.filter((entity) => kinds.includes(entity.kind)) : loaded) as T[]);
}

/** The MAKES links of `entityId` in `direction` attributed in one of `attribution` ways (any when empty). */
function attributedMakes(
  context: Context,
  entityId: string,
  direction: Exclude<Direction, "BOTH">,
  attribution: readonly Attribution[] | null | undefined,
): Promise<EdgeHeader[]> {
  const links = loadEntityRelations(context, entityId, ["MAKES"], direction);
  if (!attribution || attribution.length === 0) return links;
  return links.then(async (headers) => {
    const [kept = []] = await keepAttributed([headers], attribution, (relationIds) =>
      context.loaders.relations.loadMany(relationIds),
    );
    return kept;
  });
}

/**
 * A page of the entities at the other end of `entityId`'s MAKES links attributed in one of `attribution` ways
 * (any when empty), each once, in edge order, of `kinds`.
 */
export async function pageMakesLinked<T extends Entity>(
  context: Context,
  args: DefaultConnectionArguments,
  entityId: string,
  direction: Exclude<Direction, "BOTH">,
  attribution: readonly Attribution[] | null | undefined,
  kinds: readonly EntityKind[],
) {
  const relations = await attributedMakes(context, entityId, direction, attribution);
  return pageFarEnds<T>(context, args, relations, ["MAKES"], direction, kinds);
}

/** A resolver for a connection of entities related by `types` in `direction`, narrowed to one kind. */
export function relatedOfKind<K extends EntityKind>(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kind: K,
) {
  return async (parent: Entity, args: DefaultConnectionArguments, context: Context) =>
    pageFarEnds<EntityOf<K>>(
      context,
      args,
      await loadEntityRelations(context, parent.id, types, direction),
      types,
      direction,
      [kind],
    );
}

/** A resolver for a connection of entities related by `types`, of any of `kinds` (all kinds when omitted). */
export function relatedEntities(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds?: readonly EntityKind[],
) {
  return async (parent: Entity, args: DefaultConnectionArguments, context: Context) =>
    pageFarEnds<Entity>(
      context,
      args,
      await loadEntityRelations(context, parent.id, types, direction),
      types,
      direction,
      kinds,
    );
}

/** The first entity (in edge order) linked to `entityId` by `types` in `direction`, of `kinds` (any when omitted), or null. */
export async function firstRelated(
  context: Context,
  entityId: string,
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kinds?: readonly EntityKind[],
): Promise<Entity | null> {
  const ids = farEnds(await loadEntityRelations(context, entityId, types, direction), direction);
  // When the types guarantee the kinds, the first far end is the answer: load it alone.
  const candidates = kindsGuaranteed(types, direction, kinds) ? ids.slice(0, 1) : ids;
  const loaded = withoutMissing(await context.loaders.entities.loadMany(candidates));
  return loaded.find((entity) => !kinds || kinds.includes(entity.kind)) ?? null;
}

/** A resolver for a single related entity of one kind (the first, in edge order), or null. */
export function firstRelatedOfKind<K extends EntityKind>(
  types: readonly RelationType[],
  direction: Exclude<Direction, "BOTH">,
  kind: K,
) {
  return async (parent: Entity, _args: unknown, context: Context) =>
    (await firstRelated(context, parent.id, types, direction, [kind])) as EntityOf<K> | null;
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
