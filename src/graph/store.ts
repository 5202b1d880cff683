/**
 * The graph store: a batch-first read interface (so dataloaders sit on it and a database-backed store can
 * implement it later) and its immutable in-memory implementation with indexes by id, kind and edge key.
 */
import type { Direction, Entity, EntityKind, Evidence, Relation, RelationType, Source } from "./model.ts";
import { type SearchHit, SearchIndex } from "./search.ts";
import { runSteps, type Steps } from "./steps.ts";
import { type Span, splitSentencesSteps } from "./text.ts";

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
  /** The edges of each key, in key order (an empty list where a node has none or does not exist). */
  loadEdges(keys: readonly EdgeKey[]): MaybePromise<Relation[][]>;
  /** Held sources by id, in key order, with a NotFoundError for each missing id. */
  loadSources(ids: readonly string[]): MaybePromise<Array<StoredSource | NotFoundError>>;
  /** Ids of all entities of the given kinds (all kinds when empty), in seed order. */
  listEntityIds(kinds?: readonly EntityKind[]): MaybePromise<string[]>;
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

/** Items indexed between checkpoints. */
const ITEMS_PER_STEP = 64;

/** The immutable in-memory store: every lookup is a Map access, never a scan. */
export class MemoryGraphStore implements GraphStore {
  private readonly entities = new Map<string, Entity>();
  private readonly relations = new Map<string, Relation>();
  private readonly sources = new Map<string, StoredSource>();
  private readonly idsByKind = new Map<EntityKind, string[]>();
  private readonly allIds: string[] = [];
  private entityList: readonly Entity[] = [];
  private searchIndex: SearchIndex | undefined;
  private computedStats: GraphStats | undefined;
  private readonly outgoing = new Map<string, Map<RelationType | null, Relation[]>>();
  private readonly incoming = new Map<string, Map<RelationType | null, Relation[]>>();

  constructor(loaded: LoadedGraph) {
    runSteps(this.index(loaded));
  }

  /** Build a store as steps, so a server can keep answering while a large graph is indexed (see steps.ts). */
  static *build(loaded: LoadedGraph): Steps<MemoryGraphStore> {
    const store = new MemoryGraphStore({ sources: [], entities: [], relations: [] });
    yield* store.index(loaded);
    return store;
  }

  /** Fill the indexes, once, from the constructor or build(); nothing changes them afterwards. */
  private *index(loaded: LoadedGraph): Steps<void> {
    for (const source of loaded.sources) {
      const sentences = yield* splitSentencesSteps(source.text);
      const passages: Passage[] = [];
      for (const [index, span] of sentences.entries()) {
        passages.push({
          ...span,
          index,
          section: source.sections.find((s) => span.start >= s.start && span.start < s.end)?.label ?? null,
          entityIds: [],
          relationIds: [],
        });
        if (index % ITEMS_PER_STEP === 0) yield;
      }
      this.sources.set(source.id, { ...source, sentences, passages });
    }
    let count = 0;
    for (const entity of loaded.entities) {
      this.entities.set(entity.id, Object.freeze(entity));
      this.allIds.push(entity.id);
      const ids = this.idsByKind.get(entity.kind) ?? [];
      ids.push(entity.id);
      this.idsByKind.set(entity.kind, ids);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const relation of loaded.relations) {
      this.relations.set(relation.id, Object.freeze(relation));
      index(this.outgoing, relation.from, relation);
      index(this.incoming, relation.to, relation);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const entity of loaded.entities) {
      this.cite(entity.evidence, (p) => p.entityIds, entity.id);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const relation of loaded.relations) {
      this.cite(relation.evidence, (p) => p.relationIds, relation.id);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const source of this.sources.values()) Object.freeze(source);
    this.entityList = loaded.entities;
  }

  /** Build the full-text index now rather than on the first search (the server does this at start-up). */
  prepareSearch(): void {
    runSteps(this.prepareSearchSteps());
  }

  /** prepareSearch as steps: the index over a large graph takes seconds to build. */
  *prepareSearchSteps(): Steps<void> {
    this.searchIndex ??= yield* SearchIndex.build(this.entityList, this.sources);
  }

  search(query: string, kinds: readonly EntityKind[] = []): SearchHit[] {
    this.prepareSearch();
    return (this.searchIndex as SearchIndex).search(query, { kinds });
  }

  /** Record, on every sentence a quote overlaps, that `id` cites it (the reverse index from text to facts). */
  private cite(evidence: readonly Evidence[], list: (passage: Passage) => string[], id: string): void {
    for (const quote of evidence) {
      const source = this.sources.get(quote.sourceId);
      if (!source) continue;
      for (
        let at = firstPassageEndingAfter(source.passages, quote.start);
        at < source.passages.length;
        at++
      ) {
        const passage = source.passages[at] as Passage;
        if (passage.start >= quote.end) break;
        const ids = list(passage);
        if (ids[ids.length - 1] !== id) ids.push(id);
      }
    }
  }

  loadNodes(ids: readonly string[]): Array<Entity | NotFoundError> {
    return ids.map((id) => this.entities.get(id) ?? new NotFoundError("entity", id));
  }

  loadRelations(ids: readonly string[]): Array<Relation | NotFoundError> {
    return ids.map((id) => this.relations.get(id) ?? new NotFoundError("relation", id));
  }

  loadEdges(keys: readonly EdgeKey[]): Relation[][] {
    return keys.map(({ nodeId, type, direction }) => {
      const out = direction === "INCOMING" ? EMPTY : (this.outgoing.get(nodeId)?.get(type) ?? EMPTY);
      const into = direction === "OUTGOING" ? EMPTY : (this.incoming.get(nodeId)?.get(type) ?? EMPTY);
      if (into.length === 0) return out;
      if (out.length === 0) return into;
      // A self-loop appears in both lists; BOTH returns it once.
      return [...out, ...into.filter((relation) => relation.from !== relation.to)];
    });
  }

  loadSources(ids: readonly string[]): Array<StoredSource | NotFoundError> {
    return ids.map((id) => this.sources.get(id) ?? new NotFoundError("source", id));
  }

  listEntityIds(kinds: readonly EntityKind[] = []): string[] {
    if (kinds.length === 0) return this.allIds;
    if (kinds.length === 1) return this.idsByKind.get(kinds[0] as EntityKind) ?? EMPTY_IDS;
    const wanted = new Set(kinds);
    return this.allIds.filter((id) => wanted.has(this.entities.get(id)?.kind as EntityKind));
  }

  /** Computed once: the store never changes, and the server, its log line and the node budget all ask. */
  stats(): GraphStats {
    this.computedStats ??= this.computeStats();
    return this.computedStats;
  }

  /** One pass over everything the store holds: counts by kind and type, and the longest lists. */
  private computeStats(): GraphStats {
    const entitiesByKind: GraphStats["entitiesByKind"] = {};
    for (const [kind, ids] of this.idsByKind) entitiesByKind[kind] = ids.length;
    const relationsByType: GraphStats["relationsByType"] = {};
    const largestLists: LargestLists = {
      evidence: 0,
      quantities: 0,
      sections: 0,
      passageEntities: 0,
      passageRelations: 0,
      years: 0,
    };
    const years = new Set<number>();
    for (const relation of this.relations.values()) {
      relationsByType[relation.type] = (relationsByType[relation.type] ?? 0) + 1;
      largestLists.evidence = Math.max(largestLists.evidence, relation.evidence.length);
    }
    for (const entity of this.entityList) {
      largestLists.evidence = Math.max(largestLists.evidence, entity.evidence.length);
      if (entity.kind === "COMMITMENT") {
        largestLists.quantities = Math.max(largestLists.quantities, entity.quantities.length);
        if (entity.timeframe) {
          const last = Number(entity.timeframe.end.slice(0, 4));
          for (let year = Number(entity.timeframe.start.slice(0, 4)); year <= last; year++) years.add(year);
        }
      }
    }
    largestLists.years = years.size;
    for (const source of this.sources.values()) {
      largestLists.sections = Math.max(largestLists.sections, source.sections.length);
      for (const passage of source.passages) {
        largestLists.passageEntities = Math.max(largestLists.passageEntities, passage.entityIds.length);
        largestLists.passageRelations = Math.max(largestLists.passageRelations, passage.relationIds.length);
      }
    }
    return {
      sources: this.sources.size,
      entities: this.entities.size,
      relations: this.relations.size,
      entitiesByKind,
      relationsByType,
      largestLists,
    };
  }
}

const EMPTY: Relation[] = Object.freeze([]) as unknown as Relation[];
const EMPTY_IDS: string[] = Object.freeze([]) as unknown as string[];

function index(
  edges: Map<string, Map<RelationType | null, Relation[]>>,
  nodeId: string,
  relation: Relation,
): void {
  let byType = edges.get(nodeId);
  if (!byType) {
    byType = new Map();
    edges.set(nodeId, byType);
  }
  for (const key of [relation.type, null] as const) {
    const list = byType.get(key) ?? [];
    list.push(relation);
    byType.set(key, list);
  }
}

/** Index of the first passage that ends after `offset` (binary search over passages sorted by offset). */
function firstPassageEndingAfter(passages: readonly Passage[], offset: number): number {
  let low = 0;
  let high = passages.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((passages[middle] as Passage).end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
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
