/** Filtered listings over the store, shared by every API that serves the graph. */
import type {
  Attribution,
  CommitmentKind,
  CommitmentNovelty,
  Entity,
  EntityKind,
  EntityOf,
  Relation,
  TimeSpan,
} from "./model.ts";
import { type EdgeHeader, type GraphStore, type MaybePromise, NotFoundError } from "./store.ts";

/** Which commitments to list; every given criterion must hold. */
export interface CommitmentFilter {
  kinds?: readonly CommitmentKind[] | null;
  /** Slug of an actor who makes the commitment. */
  committer?: string | null;
  /**
   * How the committer (and the committers facets count) may come to make it: named (DIRECT), through an
   * office-holder (CAPACITY) or a group it belongs to (MEMBERSHIP). All three when empty.
   */
  attribution?: readonly Attribution[] | null;
  /** Only commitments first made (NEW) or restated (REAFFIRMED). */
  novelty?: CommitmentNovelty | null;
  /** Slug of the initiative that contains it. */
  initiative?: string | null;
  /** Slug of a topic it concerns. */
  topic?: string | null;
  /** A year its timeframe covers. */
  yearDue?: number | null;
  /** Words that must all appear (case-insensitive) in its name, statement, description or evidence. */
  text?: string | null;
}

/** How to order a listing. */
export type EntityOrder = "SEED" | "NAME" | "DATE";

/** Commitments matching `filter`, in the requested order; linked criteria start from the edge index, not a scan. */
export async function findCommitments(
  store: GraphStore,
  filter: CommitmentFilter = {},
  order: EntityOrder = "SEED",
): Promise<EntityOf<"COMMITMENT">[]> {
  let ids = await store.listEntityIds(["COMMITMENT"]);
  const linked = [
    filter.committer && { nodeId: filter.committer, type: "MAKES" as const, direction: "OUTGOING" as const },
    filter.initiative && {
      nodeId: filter.initiative,
      type: "CONTAINS" as const,
      direction: "OUTGOING" as const,
    },
    filter.topic && { nodeId: filter.topic, type: "CONCERNS" as const, direction: "INCOMING" as const },
  ].filter((key) => !!key);
  if (linked.length > 0) {
    const edgeLists = [...(await store.loadEdges(linked))];
    const makes = linked.findIndex((key) => key.type === "MAKES");
    if (makes >= 0) {
      [edgeLists[makes] = []] = await keepAttributed(
        [edgeLists[makes] ?? []],
        filter.attribution,
        (relationIds) => store.loadRelations(relationIds),
      );
    }
    let allowed: Set<string> | null = null;
    edgeLists.forEach((edges, index) => {
      const key = linked[index];
      const ends = new Set(edges.map((edge) => (key?.direction === "OUTGOING" ? edge.to : edge.from)));
      allowed = allowed ? new Set([...allowed].filter((id) => ends.has(id))) : ends;
    });
    const keep: Set<string> = allowed ?? new Set();
    ids = ids.filter((id) => keep.has(id));
  }
  const loaded = await store.loadNodes(ids);
  const words = (filter.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const matches = loaded.filter((entity): entity is EntityOf<"COMMITMENT"> => {
    if (entity instanceof NotFoundError || entity.kind !== "COMMITMENT") return false;
    if (filter.kinds && filter.kinds.length > 0 && !filter.kinds.includes(entity.commitmentKind))
      return false;
    if (filter.novelty && (entity.novelty ?? "NEW") !== filter.novelty) return false;
    if (filter.yearDue != null) {
      const span = entity.timeframe;
      const year = String(filter.yearDue);
      if (!span || span.start.slice(0, 4) > year || span.end.slice(0, 4) < year) return false;
    }
    if (words.length > 0) {
      const haystack = [
        entity.name,
        entity.statement,
        entity.description,
        ...entity.evidence.map((e) => e.quote),
      ]
        .join(" ")
        .toLowerCase();
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    return true;
  });
  return sortEntities(matches, order);
}

/** How a MAKES link attributes its commitment: as its qualifier says, DIRECT when it says nothing. */
export function attributionOf(relation: Relation): Attribution {
  return relation.qualifiers.attribution ?? "DIRECT";
}

/**
 * Keep, of each list of MAKES edge headers, those attributed in one of `allowed` ways (all when none are given).
 * The qualifiers come from one `loadRelations` batch over every listed edge, and no batch at all when every way
 * is allowed; a relation that is missing is left out, any other failure is thrown.
 */
export async function keepAttributed<E extends EdgeHeader>(
  edgeLists: readonly E[][],
  allowed: readonly Attribution[] | null | undefined,
  loadRelations: (ids: readonly string[]) => MaybePromise<ArrayLike<Relation | Error>>,
): Promise<E[][]> {
  if (!allowed || allowed.length === 0) return [...edgeLists];
  const ids = [...new Set(edgeLists.flat().map((edge) => edge.id))];
  if (ids.length === 0) return edgeLists.map(() => []);
  const relations = await loadRelations(ids);
  const kept = new Set<string>();
  ids.forEach((id, index) => {
    const relation = relations[index];
    if (relation instanceof NotFoundError || relation === undefined) return;
    if (relation instanceof Error) throw relation;
    if (allowed.includes(attributionOf(relation))) kept.add(id);
  });
  return edgeLists.map((edges) => edges.filter((edge) => kept.has(edge.id)));
}

/** The date an entity is ordered by: a commitment's timeframe, an event's or document's date. */
export function dateOf(entity: Entity): string | null {
  return spanOf(entity)?.start ?? null;
}

/** Order entities: SEED keeps curation order; NAME is alphabetical; DATE is earliest first, undated last. */
export function sortEntities<T extends Entity>(entities: T[], order: EntityOrder): T[] {
  if (order === "SEED") return entities;
  const sorted = [...entities];
  if (order === "NAME") return sorted.sort((a, b) => a.name.localeCompare(b.name));
  return sorted.sort((a, b) => {
    const [da, db] = [dateOf(a), dateOf(b)];
    if (da === db) return 0;
    if (da === null) return 1;
    if (db === null) return -1;
    return da < db ? -1 : 1;
  });
}

/** One bucket of a facet: a value (a kind, a slug, a year) and how many commitments fall in it. */
export interface FacetBucket<T> {
  value: T;
  count: number;
}

/** Counts of the commitments matching one filter, grouped the ways a dashboard needs. */
export interface CommitmentFacets {
  total: number;
  byKind: FacetBucket<CommitmentKind>[];
  byCommitter: FacetBucket<string>[];
  byInitiative: FacetBucket<string>[];
  withoutInitiative: number;
  byTopic: FacetBucket<string>[];
  byYear: FacetBucket<number>[];
  undated: number;
}

/** Count values into buckets, largest first, ties in first-seen order (stable sort). */
function buckets<T>(values: Iterable<T>): FacetBucket<T>[] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

/**
 * Facet counts over exactly the commitments `findCommitments(filter)` lists, so each bucket's count equals the
 * `totalCount` of the same filter narrowed to that bucket. Links come from three edge batches, not a scan.
 */
export async function commitmentFacets(
  store: GraphStore,
  filter: CommitmentFilter = {},
): Promise<CommitmentFacets> {
  const commitments = await findCommitments(store, filter);
  const ids = commitments.map((c) => c.id);
  const [makers, containers, topics] = await Promise.all(
    (
      [
        ["MAKES", "INCOMING"],
        ["CONTAINS", "INCOMING"],
        ["CONCERNS", "OUTGOING"],
      ] as const
    ).map(([type, direction]) => store.loadEdges(ids.map((nodeId) => ({ nodeId, type, direction })))),
  );
  const ends = (lists: readonly EdgeHeader[][] | undefined, end: "from" | "to") =>
    (lists ?? []).flatMap((edges) => [...new Set(edges.map((edge) => edge[end]))]);
  // A committer counts a commitment once however many ways it makes it, and only in the ways the filter allows.
  const committers = await keepAttributed(makers ?? [], filter.attribution, (relationIds) =>
    store.loadRelations(relationIds),
  );
  const initiativeIds = new Set(await store.listEntityIds(["INITIATIVE"]));
  const topicIds = new Set(await store.listEntityIds(["TOPIC"]));
  const initiativesPer = (containers ?? []).map((edges) =>
    edges.map((e) => e.from).filter((id) => initiativeIds.has(id)),
  );
  const years = commitments.flatMap((c) => {
    if (!c.timeframe) return [];
    const [first, last] = [Number(c.timeframe.start.slice(0, 4)), Number(c.timeframe.end.slice(0, 4))];
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
  return {
    total: commitments.length,
    byKind: buckets(commitments.map((c) => c.commitmentKind)),
    byCommitter: buckets(ends(committers, "from")),
    byInitiative: buckets(initiativesPer.flatMap((list) => [...new Set(list)])),
    withoutInitiative: initiativesPer.filter((list) => list.length === 0).length,
    byTopic: buckets(ends(topics, "to").filter((id) => topicIds.has(id))),
    byYear: buckets(years).sort((a, b) => a.value - b.value),
    undated: commitments.filter((c) => !c.timeframe).length,
  };
}

/** The earliest day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean. */
export function firstDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The latest day a partial date can mean (months end on their 31st: only the ordering matters). */
export function lastDay(date: string): string {
  return date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
}

/** A dated item of the timeline: an event, a commitment by its timeframe, or a document. */
export interface TimelineItem {
  entity: Entity;
  span: TimeSpan;
}

/** Kinds that carry dates, and so appear on the timeline. */
export const DATED_KINDS: readonly EntityKind[] = ["EVENT", "COMMITMENT", "DOCUMENT"];

/**
 * Dated items whose span overlaps [from, to] (either bound optional, partial dates widened to whole
 * years or months), ordered by start, then end, then name.
 */
export async function timeline(
  store: GraphStore,
  options: { from?: string | null; to?: string | null; kinds?: readonly EntityKind[] | null } = {},
): Promise<TimelineItem[]> {
  const kinds = (options.kinds?.length ? options.kinds : DATED_KINDS).filter((k) => DATED_KINDS.includes(k));
  if (kinds.length === 0) return [];
  const loaded = await store.loadNodes(await store.listEntityIds(kinds));
  const from = options.from ? firstDay(options.from) : null;
  const to = options.to ? lastDay(options.to) : null;
  const items: TimelineItem[] = [];
  for (const entity of loaded) {
    if (entity instanceof NotFoundError) continue;
    const span = spanOf(entity);
    if (!span) continue;
    if (from && lastDay(span.end) < from) continue;
    if (to && firstDay(span.start) > to) continue;
    items.push({ entity, span });
  }
  return items.sort(
    (a, b) =>
      firstDay(a.span.start).localeCompare(firstDay(b.span.start)) ||
      lastDay(a.span.end).localeCompare(lastDay(b.span.end)) ||
      a.entity.name.localeCompare(b.entity.name),
  );
}

/** The date span an entity is placed by, if it has one. */
export function spanOf(entity: Entity): TimeSpan | null {
  if (entity.kind === "COMMITMENT") return entity.timeframe;
  if (entity.kind === "EVENT" || entity.kind === "DOCUMENT") return entity.date;
  return null;
}
