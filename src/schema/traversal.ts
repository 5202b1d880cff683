/** Graph traversal in GraphQL: bounded neighbourhoods and shortest paths, one loader batch per hop. */
import type { Context } from "../context.ts";
import { userError } from "../errors.ts";
import { type Direction, ENTITY_KINDS, type Entity, type RelationType } from "../graph/model.ts";
import type { EdgeHeader } from "../graph/store.ts";
import {
  type EdgeFetcher,
  neighborhoodWithHops,
  type Path,
  type PathStep,
  shortestPaths,
} from "../graph/traversal.ts";
import { builder } from "./builder.ts";
import { listSize, sizes } from "./cost.ts";
import { DirectionEnum, RelationTypeEnum } from "./enums.ts";
import { decodeId, KIND_BY_TYPENAME } from "./global-id.ts";
import { EntityRef, loadSlugArgument, RelationRef } from "./refs.ts";
import { withoutMissing } from "./related.ts";

/** Bounds of the traversal arguments; beyond them a request is a BAD_USER_INPUT. */
export const TRAVERSAL_LIMITS = {
  neighborhoodDepth: { min: 1, max: 3 },
  neighborhoodLimit: { min: 1, max: 500, default: 50 },
  neighborhoodEdgeLimit: { min: 0, max: 1500, default: 150 },
  pathDepth: { min: 1, max: 6, default: 4 },
  pathsFirst: { min: 1, max: 100, default: 5 },
} as const;

/** Reject an integer argument outside [min, max], naming the argument and its bounds. */
function checkRange(argument: string, value: number, bounds: { min: number; max: number }): number {
  if (value < bounds.min || value > bounds.max) {
    throw userError(
      "BAD_USER_INPUT",
      `\`${argument}\` must be between ${bounds.min} and ${bounds.max}, got ${value}`,
      {
        argument,
        limit: bounds.max,
      },
    );
  }
  return value;
}

/**
 * Resolve an entity's global id the way `node(id:)` does: BAD_USER_INPUT for a malformed or Relation id, NOT_FOUND
 * when no entity of the id's type has that slug (a Person id never reaches a Country).
 */
async function entityFromId(context: Context, argument: string, globalId: string): Promise<Entity> {
  const { typename, id } = decodeId(globalId, argument);
  const kind = KIND_BY_TYPENAME.get(typename);
  if (!kind) {
    throw userError("BAD_USER_INPUT", `\`${argument}\` must be an entity id, not a ${typename} id`, {
      argument,
    });
  }
  return loadSlugArgument(context, argument, id, [kind], typename);
}

/** An EdgeFetcher over the request's edge loaders: one batch per relation type per hop. */
function loaderEdgeFetcher(context: Context): EdgeFetcher {
  return async (nodeIds, types, direction) => {
    const typeList = types && types.length > 0 ? [...new Set(types)] : [null];
    const lists = await Promise.all(
      typeList.map((type) => context.loaders.edges(type, direction).loadMany(nodeIds)),
    );
    return nodeIds.map((_, index) =>
      lists.flatMap((list) => {
        const edges = list[index];
        if (edges instanceof Error) throw edges;
        return edges ?? [];
      }),
    );
  };
}

interface LoadedSubgraph {
  nodes: Entity[];
  hopsByNode: ReadonlyMap<string, number>;
  edges: EdgeHeader[];
  truncated: boolean;
}

interface LoadedSubgraphHop {
  entity: Entity;
  hops: number;
}

const SubgraphHopRef = builder.objectRef<LoadedSubgraphHop>("SubgraphHop").implement({
  description: "An entity of a neighbourhood with how far it is from the centre.",
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: "The entity.", resolve: (h) => h.entity }),
    hops: t.exposeInt("hops", {
      description:
        "How many relations separate it from the centre along the walked relations (0 for the centre).",
    }),
  }),
});

const SubgraphRef = builder.objectRef<LoadedSubgraph>("Subgraph").implement({
  description:
    "A part of the graph as node and edge lists, ready for a graph-drawing library: edges give `source` and `target` ids.",
  fields: (t) => ({
    nodes: t.field({
      type: [EntityRef],
      description: "The entities, nearest first.",
      extensions: listSize(sizes.enclosingArgument("limit", TRAVERSAL_LIMITS.neighborhoodLimit.default)),
      resolve: (s) => s.nodes,
    }),
    hops: t.field({
      type: [SubgraphHopRef],
      description:
        "The same entities as `nodes`, in the same order, each with its hop distance from the centre.",
      extensions: listSize(sizes.enclosingArgument("limit", TRAVERSAL_LIMITS.neighborhoodLimit.default)),
      resolve: (s) => s.nodes.map((entity) => ({ entity, hops: s.hopsByNode.get(entity.id) ?? 0 })),
    }),
    edges: t.field({
      type: [RelationRef],
      description: "The relations walked between those entities, each once.",
      extensions: listSize(
        sizes.enclosingArgument("edgeLimit", TRAVERSAL_LIMITS.neighborhoodEdgeLimit.default),
      ),
      resolve: (s) => s.edges,
    }),
    truncated: t.exposeBoolean("truncated", {
      description:
        "Whether entities or relations within reach were left out because of `limit` or `edgeLimit`.",
    }),
  }),
});

interface LoadedStep {
  step: PathStep;
}

const PathStepRef = builder.objectRef<LoadedStep>("PathStep").implement({
  description: "One hop of a path: the relation followed, which way, and the entity reached.",
  fields: (t) => ({
    relation: t.field({
      type: RelationRef,
      description: "The relation followed, with its evidence.",
      resolve: ({ step }) => step.relation,
    }),
    direction: t.field({
      type: DirectionEnum,
      description: "OUTGOING if walked from → to, INCOMING if walked against it.",
      resolve: ({ step }) => step.direction,
    }),
    entity: t.field({
      type: EntityRef,
      description: "The entity this step reaches.",
      resolve: ({ step }, _args, context) => context.loaders.entities.load(step.nodeId),
    }),
  }),
});

const PathRef = builder.objectRef<Path>("Path").implement({
  description: "A shortest path between two entities, step by step.",
  fields: (t) => ({
    length: t.int({
      description: "How many relations the path follows.",
      resolve: (path) => path.steps.length,
    }),
    steps: t.field({
      type: [PathStepRef],
      description: "The steps, from the start entity to the end entity.",
      extensions: listSize(sizes.enclosingArgument("maxDepth", TRAVERSAL_LIMITS.pathDepth.default)),
      resolve: (path) => path.steps.map((step) => ({ step })),
    }),
  }),
});

/** The arguments of a neighbourhood around a known centre (`Query.neighborhood` adds the centre's `id`). */
const neighborhoodArgs = builder.args((t) => ({
  depth: t.int({
    required: false,
    defaultValue: 1,
    description: `How many hops to go (${TRAVERSAL_LIMITS.neighborhoodDepth.min}–${TRAVERSAL_LIMITS.neighborhoodDepth.max}).`,
  }),
  types: t.field({
    type: [RelationTypeEnum],
    required: false,
    description: "Follow only these relation types.",
  }),
  direction: t.field({
    type: DirectionEnum,
    required: false,
    defaultValue: "BOTH",
    description: "Which way to follow relations.",
  }),
  limit: t.int({
    required: false,
    defaultValue: TRAVERSAL_LIMITS.neighborhoodLimit.default,
    description: `Most entities to return, the centre included (at most ${TRAVERSAL_LIMITS.neighborhoodLimit.max}).`,
  }),
  edgeLimit: t.int({
    required: false,
    defaultValue: TRAVERSAL_LIMITS.neighborhoodEdgeLimit.default,
    description: `Most relations to return (at most ${TRAVERSAL_LIMITS.neighborhoodEdgeLimit.max}).`,
  }),
}));

/** Coerced values of `neighborhoodArgs`. */
interface NeighborhoodArgs {
  depth?: number | null;
  types?: readonly RelationType[] | null;
  direction?: Direction | null;
  limit?: number | null;
  edgeLimit?: number | null;
}

/** Check the neighbourhood arguments (each error names its argument), then walk from `centre`, one batch per hop. */
async function neighborhoodAround(
  context: Context,
  args: NeighborhoodArgs,
  loadCentre: () => Promise<Entity>,
): Promise<LoadedSubgraph> {
  const depth = checkRange("depth", args.depth ?? 1, TRAVERSAL_LIMITS.neighborhoodDepth);
  const limit = checkRange(
    "limit",
    args.limit ?? TRAVERSAL_LIMITS.neighborhoodLimit.default,
    TRAVERSAL_LIMITS.neighborhoodLimit,
  );
  const edgeLimit = checkRange(
    "edgeLimit",
    args.edgeLimit ?? TRAVERSAL_LIMITS.neighborhoodEdgeLimit.default,
    TRAVERSAL_LIMITS.neighborhoodEdgeLimit,
  );
  const centre = await loadCentre();
  const { subgraph, hopsByNode } = await neighborhoodWithHops(loaderEdgeFetcher(context), centre.id, {
    depth,
    limit,
    edgeLimit,
    types: args.types ?? null,
    direction: args.direction ?? "BOTH",
  });
  const nodes = withoutMissing(await context.loaders.entities.loadMany(subgraph.nodeIds));
  return { nodes, hopsByNode, edges: subgraph.relations, truncated: subgraph.truncated };
}

/** The arguments of a path search between two known entities (the fields add the endpoints). */
const pathArgs = builder.args((t) => ({
  maxDepth: t.int({
    required: false,
    defaultValue: TRAVERSAL_LIMITS.pathDepth.default,
    description: `Longest path to look for (at most ${TRAVERSAL_LIMITS.pathDepth.max}).`,
  }),
  types: t.field({
    type: [RelationTypeEnum],
    required: false,
    description: "Follow only these relation types.",
  }),
  excludeTypes: t.field({
    type: [RelationTypeEnum],
    required: false,
    description: "Never follow these relation types (applied after `types`).",
  }),
  first: t.int({
    required: false,
    defaultValue: TRAVERSAL_LIMITS.pathsFirst.default,
    description: `Most paths to return (at most ${TRAVERSAL_LIMITS.pathsFirst.max}).`,
  }),
}));

/** Coerced values of `pathArgs`. */
interface PathArgs {
  maxDepth?: number | null;
  types?: readonly RelationType[] | null;
  excludeTypes?: readonly RelationType[] | null;
  first?: number | null;
}

/** Check the path arguments (each error names its argument), then find the shortest paths between the endpoints. */
async function pathsBetween(
  context: Context,
  args: PathArgs,
  loadEndpoints: () => Promise<[Entity, Entity]>,
): Promise<Path[]> {
  const maxDepth = checkRange(
    "maxDepth",
    args.maxDepth ?? TRAVERSAL_LIMITS.pathDepth.default,
    TRAVERSAL_LIMITS.pathDepth,
  );
  const first = checkRange(
    "first",
    args.first ?? TRAVERSAL_LIMITS.pathsFirst.default,
    TRAVERSAL_LIMITS.pathsFirst,
  );
  const [from, to] = await loadEndpoints();
  return shortestPaths(loaderEdgeFetcher(context), from.id, to.id, {
    maxDepth,
    first,
    types: args.types ?? null,
    excludeTypes: args.excludeTypes ?? null,
  });
}

builder.queryFields((t) => ({
  neighborhood: t.field({
    type: SubgraphRef,
    description:
      "The entities within `depth` hops of an entity and the relations between them, breadth-first, nearest first.",
    args: {
      id: t.arg.id({ required: true, description: "Global id of the entity at the centre." }),
      ...neighborhoodArgs,
    },
    resolve: (_root, args, context) =>
      neighborhoodAround(context, args, () => entityFromId(context, "id", String(args.id))),
  }),
  paths: t.field({
    type: [PathRef],
    description:
      "All shortest paths between two entities (up to `first`), walking relations either way; empty when none is within `maxDepth`.",
    extensions: listSize(sizes.argument("first", TRAVERSAL_LIMITS.pathsFirst.default)),
    args: {
      from: t.arg.id({ required: true, description: "Global id of the start entity." }),
      to: t.arg.id({ required: true, description: "Global id of the end entity." }),
      ...pathArgs,
    },
    resolve: (_root, args, context) =>
      pathsBetween(context, args, () =>
        Promise.all([
          entityFromId(context, "from", String(args.from)),
          entityFromId(context, "to", String(args.to)),
        ]),
      ),
  }),
}));

builder.interfaceFields(EntityRef, (t) => ({
  neighborhood: t.field({
    type: SubgraphRef,
    description:
      "The entities within `depth` hops of this one and the relations between them, nearest first, as `Query.neighborhood`.",
    args: neighborhoodArgs,
    resolve: (entity, args, context) => neighborhoodAround(context, args, async () => entity),
  }),
  pathsTo: t.field({
    type: [PathRef],
    description:
      "All shortest paths from this entity to another (up to `first`), as `Query.paths`; empty when none is within `maxDepth`.",
    extensions: listSize(sizes.argument("first", TRAVERSAL_LIMITS.pathsFirst.default)),
    args: {
      to: t.arg.string({ required: true, description: "Slug of the end entity, such as `who`." }),
      ...pathArgs,
    },
    resolve: async (entity, args, context) =>
      pathsBetween(context, args, async () => [
        entity,
        await loadSlugArgument(context, "to", args.to, ENTITY_KINDS, "Entity"),
      ]),
  }),
}));
