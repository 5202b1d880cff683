/** Schema builder configuration only: plugins, context type, relay options. */
import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import RelayPlugin from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import { listSize, sizes } from "./cost.ts";
import { decodeId, encodeId } from "./global-id.ts";

export const builder = new SchemaBuilder<{
  Context: Context;
  Connection: { totalCount: number };
  Scalars: { Date: { Input: string; Output: string } };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  // Fields are non-null unless they say otherwise: clients need not null-check what always exists.
  defaultFieldNullability: false,
  relay: {
    encodeGlobalID: encodeId,
    // Relay passes the request context second; the decoder takes the argument name there, so wrap it.
    decodeGlobalID: (globalId: string) => decodeId(globalId),
    // Loaded entities are frozen and shared across requests: resolve types by isTypeOf, not by branding them.
    brandLoadedObjects: false,
    nodesOnConnection: {
      description: "The items of this page without their cursors: a shortcut for `edges { node }`.",
      extensions: listSize(sizes.page),
    },
    nodeTypeOptions: { description: "An object with a globally unique id, refetchable with `Query.node`." },
    idFieldOptions: {
      description: "Globally unique, opaque id; pass it to `Query.node` to refetch this object.",
    },
    nodeQueryOptions: {
      description: "Fetch any object by its global id (the `id` field of any Node).",
      args: { id: { description: "A global id, as returned in any `id` field." } },
    },
    nodesQueryOptions: {
      description: "Fetch several objects by global id, in order; null where an id is unknown.",
      args: { ids: { description: "Global ids, as returned in `id` fields (at most 100)." } },
      extensions: listSize(sizes.listArgument("ids")),
    },
    firstArgOptions: { description: "How many items to return from the start (default 25, at most 100)." },
    lastArgOptions: { description: "How many items to return from the end (at most 100)." },
    afterArgOptions: {
      description: "Return items after this cursor (an `endCursor` or an edge's `cursor`).",
    },
    beforeArgOptions: {
      description: "Return items before this cursor (a `startCursor` or an edge's `cursor`).",
    },
    edgesFieldOptions: {
      nullable: { list: false, items: false },
      description: "The items of this page, each with its cursor.",
      extensions: listSize(sizes.page),
    },
    nodeFieldOptions: { nullable: false, description: "The item." },
    cursorFieldOptions: {
      description: "Opaque cursor of this item; pass it as `after` or `before` to page on.",
    },
    pageInfoFieldOptions: { description: "Where this page stands in the whole list." },
    pageInfoTypeOptions: { description: "Where a page stands in its list, for cursor pagination." },
    hasNextPageFieldOptions: { description: "Whether more items follow this page." },
    hasPreviousPageFieldOptions: { description: "Whether items precede this page." },
    startCursorFieldOptions: {
      description: "Cursor of the first item of this page; pass it as `before` to page back.",
    },
    endCursorFieldOptions: {
      description: "Cursor of the last item of this page; pass it as `after` to page on.",
    },
    defaultEdgeTypeOptions: { description: "One item of a list, with the cursor that marks its place." },
  },
});

builder.queryType({
  description: "Read the knowledge graph: entities, relations, evidence and their sources.",
});
