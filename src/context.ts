/** The per-request context: the store, fresh dataloaders, and the request's deadline. */
import DataLoader from "dataloader";
import type { Direction, Entity, Relation, RelationType } from "./graph/model.ts";
import type { EdgeHeader, GraphStore, MaybePromise, StoredSource } from "./graph/store.ts";

/** When a request must be done; loaders check it so a timed-out request stops fetching at its next batch. */
export class Deadline {
  readonly at: number;
  constructor(timeoutMs: number) {
    this.at = Date.now() + timeoutMs;
  }
  /** Whether the deadline has passed. */
  passed(): boolean {
    return Date.now() > this.at;
  }
  /** Throw once the deadline has passed; called at the start of every loader batch. */
  check(): void {
    if (this.passed()) throw new Error("deadline passed");
  }
}

/** Dataloaders over the store's batch interface, created anew for every request. */
export interface Loaders {
  /** Entities by slug; a missing slug yields a NotFoundError in its slot. */
  entities: DataLoader<string, Entity>;
  /** Relations by id. */
  relations: DataLoader<string, Relation>;
  /** Held sources by id. */
  sources: DataLoader<string, StoredSource>;
  /**
   * Edge headers of nodes for one relation type (or all when null) and direction: one store call per batch.
   * Evidence and qualifiers are not in a header: load the relation by id through `relations`.
   */
  edges(type: RelationType | null, direction: Direction): DataLoader<string, EdgeHeader[]>;
}

/** What every resolver receives. */
export interface Context {
  store: GraphStore;
  loaders: Loaders;
  deadline: Deadline;
}

/**
 * How loaders fetch: "batched" (production) collects a tick's keys into one store call and caches per request;
 * "naive" calls the store once per key without caching, to measure what batching buys (bench peer P2).
 */
export type LoaderMode = "batched" | "naive";

/** Create the loaders for one request; every batch first checks the request's deadline. */
export function createLoaders(store: GraphStore, deadline?: Deadline, mode: LoaderMode = "batched"): Loaders {
  const options = mode === "naive" ? { batch: false, cache: false } : {};
  const edgeLoaders = new Map<string, DataLoader<string, EdgeHeader[]>>();
  const checked =
    <K, V>(batch: (keys: readonly K[]) => MaybePromise<ArrayLike<V | Error>>) =>
    async (keys: readonly K[]) => {
      deadline?.check();
      return batch(keys);
    };
  return {
    // Each batch function returns one result per key, in key order, with an Error where a key is missing.
    entities: new DataLoader<string, Entity>(
      checked((ids) => store.loadNodes(ids)),
      options,
    ),
    relations: new DataLoader<string, Relation>(
      checked((ids) => store.loadRelations(ids)),
      options,
    ),
    sources: new DataLoader<string, StoredSource>(
      checked((ids) => store.loadSources(ids)),
      options,
    ),
    edges(type, direction) {
      const name = `${type ?? "*"}:${direction}`;
      let loader = edgeLoaders.get(name);
      if (!loader) {
        // One list per node id, in key order; a node without edges gets an empty list.
        loader = new DataLoader(
          checked((nodeIds: readonly string[]) =>
            store.loadEdges(nodeIds.map((nodeId) => ({ nodeId, type, direction }))),
          ),
        );
        edgeLoaders.set(name, loader);
      }
      return loader;
    },
  };
}

/** Build the context for one request. */
export function createContext(
  store: GraphStore,
  timeoutMs = Number.POSITIVE_INFINITY,
  mode: LoaderMode = "batched",
): Context {
  const deadline = new Deadline(timeoutMs);
  return { store, loaders: createLoaders(store, deadline, mode), deadline };
}
