/** Filtered listings over the store, shared by every API that serves the graph. */
import type { CommitmentKind, Entity, EntityOf } from "./model.ts";
import { type GraphStore, NotFoundError } from "./store.ts";

/** Which commitments to list; every given criterion must hold. */
export interface CommitmentFilter {
  kinds?: readonly CommitmentKind[] | null;
  /** Slug of an actor who makes the commitment. */
  committer?: string | null;
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
    const edgeLists = await store.loadEdges(linked);
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

/** The date an entity is ordered by: a commitment's timeframe, an event's or document's date. */
export function dateOf(entity: Entity): string | null {
  if (entity.kind === "COMMITMENT") return entity.timeframe?.start ?? null;
  if (entity.kind === "EVENT" || entity.kind === "DOCUMENT") return entity.date?.start ?? null;
  return null;
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
