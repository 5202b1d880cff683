/**
 * The graph store contract: a batch-first read interface that dataloaders sit on. Implementations live in
 * src/store/ (memory/ is the embedded default), each with the search it owns.
 */
import type { Direction, Entity, EntityKind, Relation, RelationType, Source } from "./model.ts";
import type { Span } from "./text.ts";

/** Returned in place of a missing item, so batch results keep their length and order. */
export class NotFoundError extends Error {
  readonly code = "NOT_FOUND";
  constructor(
    readonly what: string,
    readonly key: string,
  ) {
    super(`${what} "${key}" not found`);
    this.name = "NotFoundError";
  }
}

/** A value now (in-memory store) or later (a database-backed store). */
export type MaybePromise<T> = T | Promise<T>;

/** Which edges of one node to load: one relation type (or all when null), one direction. */
export interface EdgeKey {
  nodeId: string;
  type: RelationType | null;
  direction: Direction;
}

/**
 * What an edge batch answers per relation: its id, type and endpoints, listed in the store's edge order. Evidence
 * and qualifiers are not part of it; whoever needs them loads the relation by id (loadRelations), so a walk that
 * only follows links never reads a whole relation.
 */
export type EdgeHeader = Pick<Relation, "id" | "type" | "from" | "to">;

/** A window of a seed-ordered id list and the length of the whole list. */
export interface EntityIdPage {
  ids: string[];
  total: number;
}

/** How many entities of `kinds` (all kinds when empty) the stats count. */
export function countOfKinds(stats: GraphStats, kinds: readonly EntityKind[]): number {
  if (kinds.length === 0) return stats.entities;
  return [...new Set(kinds)].reduce((sum, kind) => sum + (stats.entitiesByKind[kind] ?? 0), 0);
}

/** One sentence of a held source, with the entities and relations whose evidence cites it. */
export interface Passage extends Span {
  index: number;
  section: string | null;
  entityIds: string[];
  relationIds: string[];
}

/** A held source with its sentences and their citations, computed once. */
export interface StoredSource extends Source {
  sentences: Span[];
  passages: Passage[];
}

/** Counts for summaries and start-up logs. */
export interface GraphStats {
  sources: number;
  entities: number;
  relations: number;
  entitiesByKind: Partial<Record<EntityKind, number>>;
  relationsByType: Partial<Record<RelationType, number>>;
  /** The longest list of each kind any one item holds: what the node budget prices lists without a size argument at. */
  largestLists: LargestLists;
}

/** Longest lists in the graph, by what they list (the upper bounds the node budget relies on). */
export interface LargestLists {
  /** Most evidence quotes on one entity or relation. */
  evidence: number;
  /** Most quantities on one commitment. */
  quantities: number;
  /** Most sections in one source. */
  sections: number;
  /** Most entities citing one sentence. */
  passageEntities: number;
  /** Most relations citing one sentence. */
  passageRelations: number;
  /** How many distinct years the commitments' timeframes cover (buckets of a by-year facet). */
  years: number;
}

/** The batch-first read interface every store implements; each call answers many keys at once. */
export interface GraphStore {
  /** Entities by id, in key order, with a NotFoundError for each missing id. */
  loadNodes(ids: readonly string[]): MaybePromise<Array<Entity | NotFoundError>>;
  /** Relations by id, in key order, with a NotFoundError for each missing id. */
  loadRelations(ids: readonly string[]): MaybePromise<Array<Relation | NotFoundError>>;
  /**
   * The edge headers of each key, in key order (an empty list where a node has none or does not exist): outgoing
   * before incoming, each in seed order; a store may return whole relations, callers read only the header.
   */
  loadEdges(keys: readonly EdgeKey[]): MaybePromise<EdgeHeader[][]>;
  /** Held sources by id, in key order, with a NotFoundError for each missing id. */
  loadSources(ids: readonly string[]): MaybePromise<Array<StoredSource | NotFoundError>>;
  /** Ids of all entities of the given kinds (all kinds when empty), in seed order. */
  listEntityIds(kinds?: readonly EntityKind[]): MaybePromise<string[]>;
  /**
   * A window of `listEntityIds(kinds)`: at most `limit` ids from position `offset` on, with the length of the whole
   * list, read together so both describe the same graph; no store lists every id to answer it.
   */
  pageEntityIds(kinds: readonly EntityKind[], offset: number, limit: number): MaybePromise<EntityIdPage>;
  /** Ranked full-text hits over names, aliases, descriptions, statements and cited sentences. */
  search(query: string, kinds?: readonly EntityKind[]): MaybePromise<SearchHit[]>;
  /** Counts of what the store holds. */
  stats(): GraphStats;
}

/** What a store is built from: the loader's output (LoadedSeed) or any graph of the same shape. */
export interface LoadedGraph {
  sources: Source[];
  entities: Entity[];
  relations: Relation[];
}

/** Find the sentence span containing `offset` by binary search over a source's sorted sentence spans. */
export function sentenceAt(source: StoredSource, offset: number): Span {
  const { sentences } = source;
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = sentences[middle] as Span;
    if (offset < span.start) high = middle - 1;
    else if (offset >= span.end) low = middle + 1;
    else return span;
  }
  return { start: offset, end: offset };
}

/** One search result: the entity, its score, and where and on which words it matched. */
export interface SearchHit {
  entityId: string;
  /** MiniSearch's BM25+ score, boosted per field; hits come in descending score order. */
  score: number;
  /** Plain-text excerpt (at most ~200 characters) of `field`, with matched words wrapped in `SNIPPET_MARK`. */
  snippet: string;
  /** The indexed terms that matched, after prefix and typo expansion (e.g. `chongqing` for "chongq"). */
  matchedTerms: string[];
  /** The indexed field the snippet comes from: name, aliases, statement, description or sentences. */
  field: string;
}

/** The markers put around every matched word in a snippet. */
export const SNIPPET_MARK = { open: "<mark>", close: "</mark>" } as const;
