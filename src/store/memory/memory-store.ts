/** The embedded default store: the whole graph in memory, indexed by id, kind and edge key, built from a loaded seed. */
import type { Entity, EntityKind, Evidence, Relation, Section } from "../../graph/model.ts";
import { runSteps, runStepsCooperatively, type Steps } from "../../graph/steps.ts";
import {
  type EdgeKey,
  type EntityIdPage,
  type GraphStats,
  type GraphStore,
  type LargestLists,
  type LoadedGraph,
  NotFoundError,
  type Passage,
  type SearchHit,
  type StoredSource,
} from "../../graph/store.ts";
import { type Span, splitSentencesSteps } from "../../graph/text.ts";
import { EdgeIndex } from "./edge-index.ts";
import { SearchIndex } from "./search.ts";

/**
 * What `search` throws while the full-text index is still being built in the background (a large graph serves its
 * other queries first); the schema turns it into a SEARCH_NOT_READY error.
 */
export class SearchNotReadyError extends Error {
  readonly code = "SEARCH_NOT_READY";
  constructor() {
    super("The full-text index is still being built; retry shortly.");
  }
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
  private searchBuild: Promise<void> | undefined;
  private computedStats: GraphStats | undefined;
  /** Set by `index`, which every way of building a store runs. */
  private edges!: EdgeIndex;

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
      const passages: Passage[] = new Array(sentences.length);
      // Sentences and sections (contiguous, sorted: sources.ts) both run in text order: one pass pairs them.
      const sections = source.sections;
      let next = 0;
      for (let index = 0; index < sentences.length; index++) {
        const { start, end } = sentences[index] as Span;
        while (next < sections.length && (sections[next] as Section).end <= start) next++;
        const section = sections[next];
        passages[index] = {
          start,
          end,
          index,
          section: section && start >= section.start ? section.label : null,
          entityIds: [],
          relationIds: [],
        };
        if (index % ITEMS_PER_STEP === 0) yield;
      }
      // A passage is its sentence's span with its citations: the sentence list is the passage list.
      this.sources.set(source.id, { ...source, sentences: passages, passages });
    }
    let count = 0;
    const nodeIndex = new Map<string, number>();
    for (const entity of loaded.entities) {
      nodeIndex.set(entity.id, nodeIndex.size);
      this.entities.set(entity.id, entity);
      this.allIds.push(entity.id);
      const ids = this.idsByKind.get(entity.kind) ?? [];
      ids.push(entity.id);
      this.idsByKind.set(entity.kind, ids);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const relation of loaded.relations) {
      this.relations.set(relation.id, relation);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    this.edges = yield* EdgeIndex.build(loaded.relations, nodeIndex);
    for (const entity of loaded.entities) {
      this.cite(entity.evidence, (p) => p.entityIds, entity.id);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const relation of loaded.relations) {
      this.cite(relation.evidence, (p) => p.relationIds, relation.id);
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    // Exact-size lists (an array grown by push keeps room for ~16 more), and one shared empty list.
    for (const source of this.sources.values()) {
      for (const passage of source.passages) {
        passage.entityIds = passage.entityIds.length > 0 ? passage.entityIds.slice() : EMPTY_IDS;
        passage.relationIds = passage.relationIds.length > 0 ? passage.relationIds.slice() : EMPTY_IDS;
        if (++count % ITEMS_PER_STEP === 0) yield;
      }
      Object.freeze(source);
    }
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

  /**
   * Build the full-text index off the request path: cooperatively, in slices, while the graph is already served.
   * Until it is done, `search` throws SearchNotReadyError; resolves when the index is ready.
   */
  buildSearchInBackground(sliceMs?: number): Promise<void> {
    this.searchBuild ??= runStepsCooperatively(this.prepareSearchSteps(), sliceMs);
    return this.searchBuild;
  }

  /** Whether `search` can answer now. */
  get searchReady(): boolean {
    return this.searchIndex !== undefined;
  }

  search(query: string, kinds: readonly EntityKind[] = []): SearchHit[] {
    if (!this.searchIndex) {
      // Being built in the background: answering would mean blocking every other request until it is done.
      if (this.searchBuild) throw new SearchNotReadyError();
      this.prepareSearch();
    }
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
    return keys.map(({ nodeId, type, direction }) => this.edges.list(nodeId, type, direction));
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

  /** A slice of the (cached, for one kind or all) seed-ordered id list. */
  pageEntityIds(kinds: readonly EntityKind[], offset: number, limit: number): EntityIdPage {
    const ids = this.listEntityIds(kinds);
    return { ids: ids.slice(offset, offset + limit), total: ids.length };
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

const EMPTY_IDS: string[] = Object.freeze([]) as unknown as string[];

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
