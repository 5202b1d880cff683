/** Cursor pagination over in-memory lists or store-paged id lists, with strict argument checks and a `totalCount`. */
import {
  type DefaultConnectionArguments,
  offsetForArgs,
  offsetToCursor,
  resolveArrayConnection,
} from "@pothos/plugin-relay";
import { pageSizes } from "../config.ts";
import { userError } from "../errors.ts";
import type { EntityKind } from "../graph/model.ts";
import { countOfKinds, type EntityIdPage, type GraphStore } from "../graph/store.ts";

/** Check `first`/`last` against the configured bounds, throwing BAD_USER_INPUT with the limit named. */
export function checkPageArgs(args: DefaultConnectionArguments): void {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    if (value < 0 || value > pageSizes.max) {
      throw userError("BAD_USER_INPUT", `\`${name}\` must be between 0 and ${pageSizes.max}, got ${value}`, {
        argument: name,
        limit: pageSizes.max,
      });
    }
  }
}

/** Slice one page out of `items` per the Relay arguments; `totalCount` counts the whole list. */
export function paginate<T>(args: DefaultConnectionArguments, items: readonly T[]) {
  checkPageArgs(args);
  try {
    const page = resolveArrayConnection(
      { args, defaultSize: pageSizes.default, maxSize: pageSizes.max },
      items as T[],
    );
    // Whole literals, not spreads: every connection then shares one hidden class (see load.ts).
    return { edges: page.edges, pageInfo: page.pageInfo, totalCount: items.length };
  } catch (error) {
    throw userError("BAD_USER_INPUT", error instanceof Error ? error.message : String(error));
  }
}

/** Page through keys first, then load only the page's items: a page of 25 never loads the whole list. */
export async function paginateKeys<K, T>(
  args: DefaultConnectionArguments,
  keys: readonly K[],
  load: (page: K[]) => Promise<ReadonlyArray<T | Error>>,
) {
  return loadPageItems(paginate(args, keys), load);
}

/** Replace a page of keys by their loaded items, in order; a missing item is an error, not a hole. */
async function loadPageItems<K, T, P extends { edges: unknown; pageInfo: unknown; totalCount: number }>(
  page: P,
  load: (page: K[]) => Promise<ReadonlyArray<T | Error>>,
): Promise<{ edges: { cursor: string; node: T }[]; pageInfo: P["pageInfo"]; totalCount: number }> {
  const pageEdges: { cursor: string; node: K }[] = [];
  for (const edge of page.edges as ReadonlyArray<{ cursor: string; node: K } | null | undefined>)
    if (edge) pageEdges.push({ cursor: edge.cursor, node: edge.node });
  const items = await load(pageEdges.map((edge) => edge.node));
  const edges = pageEdges.map((edge, index) => {
    const item = items[index];
    if (item === undefined || item instanceof Error) throw item ?? new Error("page item missing");
    return { cursor: edge.cursor, node: item };
  });
  return { edges, pageInfo: page.pageInfo, totalCount: page.totalCount };
}

/** The window (offset, limit) of a list of `totalCount` items that the Relay arguments ask for. */
function windowOf(args: DefaultConnectionArguments, totalCount: number) {
  try {
    return offsetForArgs({ args, totalCount, defaultSize: pageSizes.default, maxSize: pageSizes.max });
  } catch (error) {
    throw userError("BAD_USER_INPUT", error instanceof Error ? error.message : String(error));
  }
}

/**
 * Page the seed-ordered entities of `kinds` (all when empty) inside the store: the Relay arguments become a window
 * of the id list, the store reads only that window and the list's length, and only the page's items load. Cursors
 * are the list positions `paginate` issues, so a page is the same whichever way it was cut.
 */
export async function paginateEntityIds<T>(
  args: DefaultConnectionArguments,
  store: GraphStore,
  kinds: readonly EntityKind[],
  load: (page: string[]) => Promise<ReadonlyArray<T | Error>>,
) {
  checkPageArgs(args);
  const read = async (totalCount: number) => {
    const window = windowOf(args, totalCount);
    // A cursor that is not a number (OffsetConnection:x) leaves an empty window, as slicing a list would.
    const empty = !Number.isFinite(window.offset) || !Number.isFinite(window.limit) || window.limit <= 0;
    const found: EntityIdPage = empty
      ? { ids: [], total: totalCount }
      : await store.pageEntityIds(kinds, window.offset, window.limit);
    return { window, found };
  };
  // The stats may lag a newly loaded graph by a moment; the count read with the window is that graph's own, so a
  // window cut by another count is cut again by it.
  const statsTotal = countOfKinds(store.stats(), kinds);
  let { window, found } = await read(statsTotal);
  if (found.total !== statsTotal) ({ window, found } = await read(found.total));
  const edges = found.ids.slice(0, window.expectedSize).map((id, index) => ({
    cursor: offsetToCursor(window.offset + index),
    node: id,
  }));
  const page = {
    edges,
    totalCount: found.total,
    pageInfo: {
      startCursor: offsetToCursor(window.offset),
      endCursor: offsetToCursor(window.offset + edges.length - 1),
      hasPreviousPage: window.hasPreviousPage,
      hasNextPage: window.hasNextPage(found.ids.length),
    },
  };
  return loadPageItems(page, load);
}
