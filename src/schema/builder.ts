/** Schema builder configuration only: plugins, context type, relay options. */
import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import RelayPlugin from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import { decodeId, encodeId } from "./global-id.ts";

export const builder = new SchemaBuilder<{
  Context: Context;
  Connection: { totalCount: number };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  // Fields are non-null unless they say otherwise: clients need not null-check what always exists.
  defaultFieldNullability: false,
  relay: {
    encodeGlobalID: encodeId,
    // Loaded entities are frozen and shared across requests: resolve types by isTypeOf, not by branding them.
    brandLoadedObjects: false,
    decodeGlobalID: decodeId,
    nodesOnConnection: {
      description: "The nodes of this page, without edge data: a shortcut for `edges { node }`.",
    },
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    nodeTypeOptions: { description: "An object with a globally unique id, refetchable with `Query.node`." },
    pageInfoTypeOptions: { description: "Where a page stands in its list, for cursor pagination." },
    nodeQueryOptions: { description: "Fetch any object by its global id (the `id` field of any Node)." },
    nodesQueryOptions: {
      description: "Fetch several objects by global id, in order; null where an id is unknown.",
    },
    idFieldOptions: {
      description: "Globally unique, opaque id; pass it to `Query.node` to refetch this object.",
    },
    cursorFieldOptions: {
      description: "Opaque cursor of this edge; pass it as `after` or `before` to page on.",
    },
  },
});

builder.queryType({
  description: "Read the knowledge graph: entities, relations, evidence and their sources.",
});
