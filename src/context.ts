/** The per-request context: the store plus fresh dataloaders, so nothing is cached across requests. */
import DataLoader from "dataloader";
import type { Direction, Entity, Relation, RelationType } from "./graph/model.ts";
import type { GraphStore, StoredSource } from "./graph/store.ts";

/** Dataloaders over the store's batch interface, created anew for every request. */
export interface Loaders {
  /** Entities by slug; a missing slug yields a NotFoundError in its slot. */
  entities: DataLoader<string, Entity>;
  /** Relations by id. */
  relations: DataLoader<string, Relation>;
  /** Held sources by id. */
  sources: DataLoader<string, StoredSource>;
  /** Edges of nodes for one relation type (or all when null) and direction: one store call per batch. */
  edges(type: RelationType | null, direction: Direction): DataLoader<string, Relation[]>;
}

/** What every resolver receives. */
export interface Context {
  store: GraphStore;
  loaders: Loaders;
}

/** Create the loaders for one request. */
export function createLoaders(store: GraphStore): Loaders {
  const edgeLoaders = new Map<string, DataLoader<string, Relation[]>>();
  return {
    // Each batch function returns one result per key, in key order, with an Error where a key is missing.
    entities: new DataLoader<string, Entity>(async (ids) => store.loadNodes(ids)),
    relations: new DataLoader<string, Relation>(async (ids) => store.loadRelations(ids)),
    sources: new DataLoader<string, StoredSource>(async (ids) => store.loadSources(ids)),
    edges(type, direction) {
      const name = `${type ?? "*"}:${direction}`;
      let loader = edgeLoaders.get(name);
      if (!loader) {
        // One list per node id, in key order; a node without edges gets an empty list.
        loader = new DataLoader(async (nodeIds) =>
          store.loadEdges(nodeIds.map((nodeId) => ({ nodeId, type, direction }))),
        );
        edgeLoaders.set(name, loader);
      }
      return loader;
    },
  };
}

/** Build the context for one request. */
export function createContext(store: GraphStore): Context {
  return { store, loaders: createLoaders(store) };
}
