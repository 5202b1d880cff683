/**
 * The benchmark workloads: the same documents and request bodies for every peer. Q1–Q5 repeat one request each;
 * Q6 rotates its variables over ROTATING_SETS distinct sets in turn (no response cache can serve it), and Q6z draws
 * them Zipf(s = 1.1) over ZIPF_SETS sets, as a popular-first realistic mix.
 */
import type { GraphStore } from "../src/graph/store.ts";
import { encodeId } from "../src/schema/global-id.ts";
import { prng } from "./generate-seed.ts";

/** One benchmark query with fixed variables. */
export interface BenchQuery {
  id: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
}

/** A workload: the request bodies it sends and the order it sends them in (cycled). */
export interface Workload {
  id: string;
  title: string;
  query: string;
  /** Distinct request bodies. */
  bodies: string[];
  /** Indexes into `bodies`, in sending order, repeated when exhausted. */
  order: Uint32Array;
}

export const QUERIES: BenchQuery[] = [
  {
    id: "Q1",
    title: "node lookup",
    query: `query Q1($id: ID!) { node(id: $id) { id ... on Commitment { statement commitmentKind } } }`,
    variables: { id: encodeId("Commitment", "china-pledge-host-digital-economy-forum") },
  },
  {
    id: "Q2",
    title: "one hop: relations(first: 10)",
    query: `query Q2($slug: String!) { entity(slug: $slug) { name relations(first: 10) { totalCount nodes { type from { name } to { name } } } } }`,
    variables: { slug: "xi-jinping" },
  },
  {
    id: "Q3",
    title: "three hops: leader → proposes → initiative → contains → commitment → evidence",
    query: `query Q3($slug: String!) { entity(slug: $slug) { name ... on Actor { proposed(first: 10) { nodes { name commitments(first: 10) { nodes { statement committedBy { nodes { name } } evidence { quote } } } } } } } }`,
    variables: { slug: "xi-jinping" },
  },
  {
    id: "Q4",
    title: "search with neighbours",
    query: `query Q4($q: String!) { search(query: $q, first: 5) { totalCount nodes { score snippet entity { name relations(first: 5) { nodes { type to { name } } } } } } }`,
    variables: { q: "digital economy" },
  },
  {
    id: "Q5",
    title: "neighborhood depth 2",
    query: `query Q5($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { truncated nodes { id name kind } edges { source target type } } }`,
    variables: { id: encodeId("Person", "xi-jinping") },
  },
];

/** Q6: an entity and its first relations with their evidence, for any (slug, first) pair. */
export const Q6_QUERY = `query Q6($slug: String!, $first: Int!) { entity(slug: $slug) { name kind relations(first: $first) { totalCount nodes { type label to { name kind } evidence { quote } } } } }`;

/**
 * Distinct variable sets Q6 rotates over, in turn: more than the response cache holds (10 000 entries, 64 MB), so
 * a least-recently-used cache never holds the next one.
 */
export const ROTATING_SETS = 20_000;
/** Distinct variable sets the Zipf mix draws from. */
export const ZIPF_SETS = 10_000;
/** The Zipf exponent of the mix. */
export const ZIPF_EXPONENT = 1.1;
/** Length of the mix's drawn sequence before it repeats (far longer than any response cache). */
const ZIPF_SEQUENCE_LENGTH = 200_000;

/** The exact request body every peer receives for a query and its variables. */
export function requestBody(query: BenchQuery): string {
  return JSON.stringify({ query: query.query, variables: query.variables });
}

/** `length` ranks in [0, n) drawn with probability proportional to 1 / (rank + 1)^s, reproducibly. */
export function zipfSequence(n: number, s: number, length: number, seed = 13): Uint32Array {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / (rank + 1) ** s;
    cumulative[rank] = total;
  }
  const random = prng(seed);
  const drawn = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    drawn[i] = low;
  }
  return drawn;
}

/** The Q6 bodies: every entity's slug with `first` = 1, 2, … until `count` distinct pairs (first ≤ 100 needs ≥ 200 entities). */
async function q6Bodies(store: GraphStore, count: number): Promise<string[]> {
  const slugs = [...(await store.listEntityIds())].sort();
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const variables = { slug: slugs[i % slugs.length], first: 1 + Math.floor(i / slugs.length) };
    bodies.push(JSON.stringify({ query: Q6_QUERY, variables }));
  }
  return bodies;
}

/** Every workload: Q1–Q5 (one body each), Q6 rotating in turn, and the Zipf mix over Q6's sets. */
export async function workloads(store: GraphStore): Promise<Workload[]> {
  const fixed = QUERIES.map((query) => ({
    id: query.id,
    title: query.title,
    query: query.query,
    bodies: [requestBody(query)],
    order: Uint32Array.of(0),
  }));
  const rotatingBodies = await q6Bodies(store, ROTATING_SETS);
  const zipfBodies = rotatingBodies.slice(0, ZIPF_SETS);
  // Popularity is shuffled across the sets, so the popular ones are not all `first: 1`.
  const random = prng(6);
  const popularity = Uint32Array.from(zipfBodies.keys());
  for (let i = popularity.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [popularity[i], popularity[j]] = [popularity[j] as number, popularity[i] as number];
  }
  const ranks = zipfSequence(ZIPF_SETS, ZIPF_EXPONENT, ZIPF_SEQUENCE_LENGTH);
  return [
    ...fixed,
    {
      id: "Q6",
      title: `entity + relations(first:) + evidence, variables rotating over ${ROTATING_SETS.toLocaleString("en")} sets (every request a cache miss)`,
      query: Q6_QUERY,
      bodies: rotatingBodies,
      order: Uint32Array.from({ length: ROTATING_SETS }, (_, i) => i),
    },
    {
      id: "Q6z",
      title: `Q6 with variables drawn Zipf(s = ${ZIPF_EXPONENT}) over ${ZIPF_SETS.toLocaleString("en")} sets (realistic mix)`,
      query: Q6_QUERY,
      bodies: zipfBodies,
      order: ranks.map((rank) => popularity[rank] as number),
    },
  ];
}
