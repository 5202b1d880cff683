/**
 * Multi-hop traversals over any batch edge source: a bounded neighbourhood and all shortest paths between two
 * entities. Each hop is one batched fetch for a whole frontier, so a database-backed store or a dataloader pays
 * one round trip per hop instead of one per node. GraphQL-free on purpose.
 */
import type { Direction, RelationType } from "./model.ts";
import type { EdgeHeader, EdgeKey, GraphStore } from "./store.ts";

/** Fetches edges for many nodes at once: one list per node id, in order. One call = one batch (one hop). */
export type EdgeFetcher = (
  nodeIds: readonly string[],
  types: readonly RelationType[] | null,
  direction: Direction,
) => Promise<EdgeHeader[][]>;

/** The part of the graph around a start node: its nodes in BFS order and the relations walked between them. */
export interface Subgraph {
  nodeIds: string[];
  relations: EdgeHeader[];
  /** True when some node or relation within the requested depth was left out because of a limit. */
  truncated: boolean;
}

/** One hop of a path: the relation, the way it was walked, and the entity it led to. */
export interface PathStep {
  relation: EdgeHeader;
  /** OUTGOING when walked from `relation.from` to `relation.to`, INCOMING when walked against it. */
  direction: "OUTGOING" | "INCOMING";
  nodeId: string;
}

/** A path from one entity to another; its length is `steps.length`. */
export interface Path {
  steps: PathStep[];
}

/** The options of a neighbourhood walk. */
export interface NeighborhoodOptions {
  depth: number;
  types?: readonly RelationType[] | null;
  direction?: Direction;
  limit: number;
  edgeLimit?: number;
}

/**
 * Breadth-first neighbourhood of `startId` up to `depth` hops, with one edge fetch per hop for the whole frontier;
 * at most `limit` nodes and `edgeLimit` relations (unbounded when omitted), `truncated` when either cut something.
 */
export async function neighborhood(
  fetchEdges: EdgeFetcher,
  startId: string,
  options: NeighborhoodOptions,
): Promise<Subgraph> {
  return (await neighborhoodWithHops(fetchEdges, startId, options)).subgraph;
}

/** The same walk as `neighborhood`, also saying at how many hops from the start each node was reached (start: 0). */
export async function neighborhoodWithHops(
  fetchEdges: EdgeFetcher,
  startId: string,
  options: NeighborhoodOptions,
): Promise<{ subgraph: Subgraph; hopsByNode: Map<string, number> }> {
  const edgeLimit = options.edgeLimit ?? Number.POSITIVE_INFINITY;
  const types = normalizeTypes(options.types);
  const direction = options.direction ?? "BOTH";
  const nodeIds = [startId];
  const hopsByNode = new Map([[startId, 0]]);
  const included = new Set(nodeIds);
  // Seen holds left-out nodes too, so each left-out node is counted once and never expanded.
  const seen = new Set(nodeIds);
  const relations: EdgeHeader[] = [];
  const relationIds = new Set<string>();
  let truncated = false;
  let frontier = nodeIds.slice();

  for (let hop = 0; hop < options.depth && frontier.length > 0; hop++) {
    const edgeLists = await fetchEdges(frontier, types, direction);
    const next: string[] = [];
    frontier.forEach((nodeId, index) => {
      for (const relation of edgeLists[index] ?? []) {
        const other = otherEnd(relation, nodeId, direction);
        if (!seen.has(other)) {
          seen.add(other);
          if (nodeIds.length < options.limit) {
            nodeIds.push(other);
            hopsByNode.set(other, hop + 1);
            included.add(other);
            next.push(other);
          } else {
            truncated = true;
          }
        }
        // A node's inclusion is settled when it is first seen, so this check is final for the relation.
        if (included.has(other) && !relationIds.has(relation.id)) {
          relationIds.add(relation.id);
          if (relations.length < edgeLimit) relations.push(relation);
          else truncated = true;
        }
      }
    });
    frontier = next;
  }
  return { subgraph: { nodeIds, relations, truncated }, hopsByNode };
}

/**
 * All shortest paths between two entities, walking relations either way, found by bidirectional BFS (one fetch
 * per level of the smaller frontier) and returned in lexicographic order of their relation ids, at most `first`.
 */
export async function shortestPaths(
  fetchEdges: EdgeFetcher,
  fromId: string,
  toId: string,
  options: {
    maxDepth: number;
    types?: readonly RelationType[] | null;
    /** Relation types never walked, even when `types` lists them. */
    excludeTypes?: readonly RelationType[] | null;
    first: number;
  },
): Promise<Path[]> {
  if (fromId === toId) return options.first > 0 ? [{ steps: [] }] : [];
  if (options.first <= 0) return [];
  const types = normalizeTypes(options.types);
  const excluded = new Set(options.excludeTypes ?? []);
  const walkable = types?.filter((type) => !excluded.has(type)) ?? null;
  // Every listed type excluded leaves nothing to walk (an empty list would otherwise mean "all types").
  if (walkable?.length === 0) return [];
  const fetchWalkable = excluded.size > 0 ? excludingTypes(fetchEdges, excluded) : fetchEdges;
  const forward = newSide(fromId);
  const backward = newSide(toId);

  // Every level adds one to the searched length, so at most maxDepth fetches happen.
  while (forward.level + backward.level < options.maxDepth) {
    if (forward.frontier.length === 0 || backward.frontier.length === 0) return [];
    // The smaller frontier costs less to expand; on a tie, balance the levels so both sides grow alike.
    const expandForward =
      forward.frontier.length !== backward.frontier.length
        ? forward.frontier.length < backward.frontier.length
        : forward.level <= backward.level;
    const side = expandForward ? forward : backward;
    const other = expandForward ? backward : forward;
    const found = await expandLevel(fetchWalkable, side, walkable);

    let best = Number.POSITIVE_INFINITY;
    for (const nodeId of found) {
      const otherDistance = other.distance.get(nodeId);
      if (otherDistance !== undefined) best = Math.min(best, side.level + otherDistance);
    }
    if (best <= options.maxDepth) {
      const meeting = found.filter(
        (nodeId) => side.level + (other.distance.get(nodeId) ?? Infinity) === best,
      );
      return enumeratePaths(fromId, toId, meeting, forward, backward, options.first);
    }
  }
  return [];
}

/**
 * An EdgeFetcher that never returns relations of the `excluded` types: it asks `fetchEdges` for the remaining
 * listed types (or all) and filters, so exclusion costs no extra batch and the one-fetch-per-hop contract holds.
 */
export function excludingTypes(fetchEdges: EdgeFetcher, excluded: ReadonlySet<RelationType>): EdgeFetcher {
  return async (nodeIds, types, direction) => {
    const kept = types?.filter((type) => !excluded.has(type)) ?? null;
    const lists = await fetchEdges(nodeIds, kept, direction);
    return lists.map((list) => list.filter((relation) => !excluded.has(relation.type)));
  };
}

/** A store-backed EdgeFetcher (for the CLI and tests): one store.loadEdges call per fetch, one key per node and type. */
export function storeEdgeFetcher(store: GraphStore): EdgeFetcher {
  return async (nodeIds, types, direction) => {
    const keyTypes: Array<RelationType | null> = types && types.length > 0 ? [...new Set(types)] : [null];
    const keys: EdgeKey[] = nodeIds.flatMap((nodeId) =>
      keyTypes.map((type) => ({ nodeId, type, direction })),
    );
    const lists = await store.loadEdges(keys);
    const width = keyTypes.length;
    return nodeIds.map((_, index) => {
      if (width === 1) return lists[index] ?? [];
      // Each relation has one type, so per-type lists are disjoint; merging in type order keeps it deterministic.
      return lists.slice(index * width, (index + 1) * width).flat();
    });
  };
}

/** An edge on the way back towards a side's root: `relation` links the node to `previous`, one level closer. */
interface Predecessor {
  relation: EdgeHeader;
  previous: string;
}

/** One end of the bidirectional search. */
interface Side {
  distance: Map<string, number>;
  predecessors: Map<string, Predecessor[]>;
  frontier: string[];
  /** How many levels this side has expanded: every node in `frontier` is at this distance. */
  level: number;
}

function newSide(rootId: string): Side {
  return { distance: new Map([[rootId, 0]]), predecessors: new Map(), frontier: [rootId], level: 0 };
}

/** Expand one full level of `side` with one fetch; returns the nodes first reached at the new level. */
async function expandLevel(
  fetchEdges: EdgeFetcher,
  side: Side,
  types: readonly RelationType[] | null,
): Promise<string[]> {
  const edgeLists = await fetchEdges(side.frontier, types, "BOTH");
  const level = side.level + 1;
  const found: string[] = [];
  side.frontier.forEach((nodeId, index) => {
    // A relation listed twice for one node (a duplicate from the fetcher) must not double its paths.
    const walked = new Set<string>();
    for (const relation of edgeLists[index] ?? []) {
      if (walked.has(relation.id)) continue;
      walked.add(relation.id);
      const other = otherEnd(relation, nodeId, "BOTH");
      const known = side.distance.get(other);
      if (known === undefined) {
        side.distance.set(other, level);
        side.predecessors.set(other, [{ relation, previous: nodeId }]);
        found.push(other);
      } else if (known === level) {
        // Keep every predecessor on the previous level, or some equally short paths could not be enumerated.
        side.predecessors.get(other)?.push({ relation, previous: nodeId });
      }
      // Self-loops and edges to earlier levels cannot lie on a shortest path.
    }
  });
  side.level = level;
  side.frontier = found;
  return found;
}

/** A forward edge of the shortest-path DAG. */
interface Successor {
  relation: EdgeHeader;
  next: string;
}

/**
 * Build the DAG of all shortest paths through the meeting nodes, then walk it depth-first with successors
 * sorted by relation id, so paths come out in lexicographic order and only `first` are ever materialised.
 */
function enumeratePaths(
  fromId: string,
  toId: string,
  meeting: readonly string[],
  forward: Side,
  backward: Side,
  first: number,
): Path[] {
  const successors = new Map<string, Successor[]>();
  // Each (node, predecessor) pair is linked once: predecessors are unique and every node is walked once.
  const addEdge = (node: string, successor: Successor): void => {
    const list = successors.get(node);
    if (list) list.push(successor);
    else successors.set(node, [successor]);
  };
  // From the meeting nodes back to fromId the predecessors point backwards, so reverse them.
  // Both walks mark visited nodes so a shared ancestor is expanded once, not once per path through it.
  const walk = (side: Side, link: (node: string, p: Predecessor) => void): void => {
    const visited = new Set<string>(meeting);
    const queue = [...meeting];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as string;
      for (const predecessor of side.predecessors.get(node) ?? []) {
        link(node, predecessor);
        if (!visited.has(predecessor.previous)) {
          visited.add(predecessor.previous);
          queue.push(predecessor.previous);
        }
      }
    }
  };
  walk(forward, (node, p) => addEdge(p.previous, { relation: p.relation, next: node }));
  walk(backward, (node, p) => addEdge(node, { relation: p.relation, next: p.previous }));
  for (const list of successors.values()) {
    list.sort((a, b) => compare(a.relation.id, b.relation.id) || compare(a.next, b.next));
  }

  const paths: Path[] = [];
  const steps: PathStep[] = [];
  const visit = (node: string): void => {
    if (node === toId) {
      paths.push({ steps: steps.slice() });
      return;
    }
    for (const { relation, next } of successors.get(node) ?? []) {
      if (paths.length >= first) return;
      steps.push({ relation, direction: relation.from === node ? "OUTGOING" : "INCOMING", nodeId: next });
      visit(next);
      steps.pop();
    }
  };
  visit(fromId);
  return paths;
}

/** The node a relation leads to from `nodeId` when followed in `direction`. */
function otherEnd(relation: EdgeHeader, nodeId: string, direction: Direction): string {
  if (direction === "OUTGOING") return relation.to;
  if (direction === "INCOMING") return relation.from;
  return relation.from === nodeId ? relation.to : relation.from;
}

/** An empty type list means "all types", like null, so callers need not special-case it. */
function normalizeTypes(types: readonly RelationType[] | null | undefined): readonly RelationType[] | null {
  return types && types.length > 0 ? types : null;
}

/** Code-unit order, not locale order, so the path order is the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
