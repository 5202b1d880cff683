/**
 * The memory store's edge lists in compressed sparse rows: per node, the positions of its relations in one
 * Int32Array (seed order), and again grouped by relation type, so a node's list for a type is a contiguous range
 * found by binary search. About 16 bytes per relation in all, where a Map of arrays per node and type cost ~700.
 * Lists are handed out as arrays of the relation objects; long ones are kept once built (hubs are asked often).
 */
import { RELATION_TYPES, type Relation, type RelationType } from "../../graph/model.ts";
import type { Steps } from "../../graph/steps.ts";

/** Relations handled between checkpoints while building. */
const ITEMS_PER_STEP = 4096;

/** Lists at least this long are kept once built; shorter ones are cheaper to rebuild than to keep. */
const KEPT_LIST_MIN_LENGTH = 64;

/** Most relations held by kept lists, in all (about 4 bytes each). */
const KEPT_LISTS_MAX_ITEMS = 4_000_000;

const TYPE_CODE = new Map<RelationType, number>(RELATION_TYPES.map((type, code) => [type, code]));

const EMPTY: Relation[] = Object.freeze([]) as unknown as Relation[];

/** One direction's rows: for node n, `items[start[n] .. start[n + 1]]` (positions of relations). */
interface Rows {
  start: Int32Array;
  items: Int32Array;
}

/** Edge lists of every node, both directions, all types or one. */
export class EdgeIndex {
  private outAll!: Rows;
  private inAll!: Rows;
  private outByType!: Rows;
  private inByType!: Rows;
  private typeCodes!: Uint8Array;
  private kept = new Map<string, Relation[]>();
  private keptItems = 0;

  private constructor(
    private readonly relations: readonly Relation[],
    private readonly nodeIndex: ReadonlyMap<string, number>,
  ) {}

  /** Index `relations` over the nodes numbered by `nodeIndex` (every endpoint must be numbered). */
  static *build(relations: readonly Relation[], nodeIndex: ReadonlyMap<string, number>): Steps<EdgeIndex> {
    const index = new EdgeIndex(relations, nodeIndex);
    const nodes = nodeIndex.size;
    const from = new Int32Array(relations.length);
    const to = new Int32Array(relations.length);
    index.typeCodes = new Uint8Array(relations.length);
    for (let position = 0; position < relations.length; position++) {
      const relation = relations[position] as Relation;
      from[position] = nodeIndex.get(relation.from) ?? -1;
      to[position] = nodeIndex.get(relation.to) ?? -1;
      if ((from[position] as number) < 0 || (to[position] as number) < 0) {
        throw new Error(`relation ${relation.id} links an entity the store does not hold`);
      }
      index.typeCodes[position] = TYPE_CODE.get(relation.type) ?? 0;
      if (position % ITEMS_PER_STEP === 0) yield;
    }
    // Stable counting sorts: by node keeps seed order; by type first, then by node, groups each node's list by type.
    const seedOrder = Int32Array.from({ length: relations.length }, (_, position) => position);
    const byType = countingSort(seedOrder, index.typeCodes, RELATION_TYPES.length).items;
    yield;
    index.outAll = countingSort(seedOrder, from, nodes);
    index.inAll = countingSort(seedOrder, to, nodes);
    yield;
    index.outByType = countingSort(byType, from, nodes);
    index.inByType = countingSort(byType, to, nodes);
    return index;
  }

  /** The relations of a node, in seed order, for one type (or all), one direction; BOTH lists a self-loop once. */
  list(nodeId: string, type: RelationType | null, direction: "OUTGOING" | "INCOMING" | "BOTH"): Relation[] {
    const node = this.nodeIndex.get(nodeId);
    if (node === undefined) return EMPTY;
    const out = direction === "INCOMING" ? EMPTY : this.rows(node, type, true);
    const into = direction === "OUTGOING" ? EMPTY : this.rows(node, type, false);
    if (into.length === 0) return out;
    if (out.length === 0) return into;
    return [...out, ...into.filter((relation) => relation.from !== relation.to)];
  }

  /** One direction's list of a node, built from its row or taken from the kept lists. */
  private rows(node: number, type: RelationType | null, outgoing: boolean): Relation[] {
    const rows =
      type === null ? (outgoing ? this.outAll : this.inAll) : outgoing ? this.outByType : this.inByType;
    let from = rows.start[node] as number;
    let to = rows.start[node + 1] as number;
    if (type !== null) [from, to] = this.typeRange(rows.items, from, to, TYPE_CODE.get(type) ?? -1);
    if (from === to) return EMPTY;
    const long = to - from >= KEPT_LIST_MIN_LENGTH;
    const key = long ? `${outgoing ? ">" : "<"}${node}:${type ?? "*"}` : "";
    const kept = long ? this.kept.get(key) : undefined;
    if (kept) return kept;
    const list = new Array<Relation>(to - from);
    for (let at = from; at < to; at++) list[at - from] = this.relations[rows.items[at] as number] as Relation;
    if (long && this.keptItems + list.length <= KEPT_LISTS_MAX_ITEMS) {
      Object.freeze(list);
      this.kept.set(key, list);
      this.keptItems += list.length;
    }
    return list;
  }

  /** The sub-range of a node's type-grouped row holding relations of type `code` (binary search both ends). */
  private typeRange(items: Int32Array, from: number, to: number, code: number): [number, number] {
    const codeAt = (at: number) => this.typeCodes[items[at] as number] as number;
    let low = from;
    let high = to;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (codeAt(middle) < code) low = middle + 1;
      else high = middle;
    }
    const first = low;
    high = to;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (codeAt(middle) <= code) low = middle + 1;
      else high = middle;
    }
    return [first, low];
  }
}

/** Stably reorder `positions` by `keyOf[position]` (keys in 0 .. keys - 1); rows start where each key's run does. */
function countingSort(positions: Int32Array, keyOf: ArrayLike<number>, keys: number): Rows {
  const start = new Int32Array(keys + 1);
  for (let at = 0; at < positions.length; at++) {
    const key = keyOf[positions[at] as number] as number;
    start[key + 1] = (start[key + 1] as number) + 1;
  }
  for (let key = 0; key < keys; key++) start[key + 1] = (start[key + 1] as number) + (start[key] as number);
  const next = start.slice(0, keys);
  const items = new Int32Array(positions.length);
  for (let at = 0; at < positions.length; at++) {
    const position = positions[at] as number;
    const key = keyOf[position] as number;
    items[next[key] as number] = position;
    next[key] = (next[key] as number) + 1;
  }
  return { start, items };
}
