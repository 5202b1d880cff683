/**
 * Prices for the node budget, declared on the fields they price. Every field that returns a list of objects
 * carries a `listSize` extension saying the most items it can return; the budget (src/http/plugins/query-cost.ts)
 * reads it, so a new list field is priced where it is defined, and a test fails when one is not.
 */
import { pageSizes } from "../config.ts";
import type { EntityKind } from "../graph/model.ts";
import type { GraphStats } from "../graph/store.ts";

/** Coerced argument values of one field occurrence. */
export type ArgumentValues = Readonly<Record<string, unknown>>;

/** What a list's size may depend on. */
export interface SizeInputs {
  /** The field's own arguments. */
  args: ArgumentValues;
  /** The arguments of the field whose selection holds this one (a connection's `first`, a traversal's `limit`). */
  enclosing: ArgumentValues;
  /** Counts and longest lists of the graph being served. */
  graph: Pick<GraphStats, "entities" | "relations" | "entitiesByKind" | "largestLists">;
}

/** The most items a list field can return, for these inputs; an upper bound, never an estimate. */
export type ListSize = (inputs: SizeInputs) => number;

/** The name of the field extension that holds a list field's `ListSize`. */
export const LIST_SIZE_EXTENSION = "listSize";

/** Field `extensions` declaring how many items a list field returns at most. */
export function listSize(size: ListSize): { [LIST_SIZE_EXTENSION]: ListSize } {
  return { [LIST_SIZE_EXTENSION]: size };
}

/** Read a list field's declared size from its extensions, if it has one. */
export function declaredListSize(extensions: Readonly<Record<string, unknown>> | null | undefined) {
  const size = extensions?.[LIST_SIZE_EXTENSION];
  return typeof size === "function" ? (size as ListSize) : undefined;
}

/** A non-negative integer argument, or the fallback when it is absent or not a number. */
function count(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : fallback;
}

/** Common list sizes. */
export const sizes = {
  /** A connection's page: `first` and/or `last` of the connection field, or the default page size. */
  page: ({ enclosing }: SizeInputs): number => {
    const first = count(enclosing.first, Number.POSITIVE_INFINITY);
    const last = count(enclosing.last, Number.POSITIVE_INFINITY);
    const smaller = Math.min(first, last);
    return smaller === Number.POSITIVE_INFINITY ? pageSizes.default : smaller;
  },
  /** Sized by one of the field's own integer arguments. */
  argument:
    (name: string, fallback: number): ListSize =>
    ({ args }) =>
      count(args[name], fallback),
  /** Sized by an integer argument of the enclosing field. */
  enclosingArgument:
    (name: string, fallback: number): ListSize =>
    ({ enclosing }) =>
      count(enclosing[name], fallback),
  /** As long as one of the field's own list arguments (`nodes(ids:)` returns one item per id). */
  listArgument:
    (name: string): ListSize =>
    ({ args }) =>
      Array.isArray(args[name]) ? (args[name] as unknown[]).length : 0,
  /** Bounded by the longest such list in the served graph. */
  largest:
    (list: keyof GraphStats["largestLists"]): ListSize =>
    ({ graph }) =>
      graph.largestLists[list],
  /** At most one item per entity of these kinds (facet buckets). */
  entitiesOf:
    (kinds: readonly EntityKind[]): ListSize =>
    ({ graph }) =>
      kinds.reduce((sum, kind) => sum + (graph.entitiesByKind[kind] ?? 0), 0),
  /** A fixed number of items (one per enum value, say). */
  fixed:
    (items: number): ListSize =>
    () =>
      items,
};
