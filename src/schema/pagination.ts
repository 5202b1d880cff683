/** Cursor pagination over in-memory lists, with strict argument checks and a `totalCount`. */
import { type DefaultConnectionArguments, resolveArrayConnection } from "@pothos/plugin-relay";
import { pageSizes } from "../config.ts";
import { userError } from "../errors.ts";

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
    return { ...page, totalCount: items.length };
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
  const page = paginate(args, keys);
  const pageEdges: { cursor: string; node: K }[] = [];
  for (const edge of page.edges) if (edge) pageEdges.push({ cursor: edge.cursor, node: edge.node as K });
  const items = await load(pageEdges.map((edge) => edge.node));
  const edges = pageEdges.map((edge, index) => {
    const item = items[index];
    if (item === undefined || item instanceof Error) throw item ?? new Error("page item missing");
    return { cursor: edge.cursor, node: item };
  });
  return { ...page, edges, totalCount: keys.length };
}
