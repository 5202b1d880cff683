/**
 * One measurement of bench/scale.ts, run in a fresh process so each size starts from an empty heap:
 *
 *   node --max-old-space-size=12288 --expose-gc --import tsx bench/scale-probe.ts <seed-dir>
 *
 * Times loadSeed (read, parse, validate, resolve quotes), the store's indexes and the full-text index, takes RSS
 * and heap after a full GC, then times two queries in process through the Yoga handler (no socket): Q1, one
 * commitment by global id, and Q3, three hops from an actor (proposed initiatives → commitments → committers,
 * with evidence), `first: 10` at each level. Prints one JSON line (ProbeResult) on stdout.
 */
import { loadSeed } from "../src/graph/load.ts";
import type { Entity } from "../src/graph/model.ts";
import { MemoryGraphStore } from "../src/graph/store.ts";
import { encodeId, TYPENAME_BY_KIND } from "../src/schema/global-id.ts";
import { createGraphQLHandler } from "../src/yoga.ts";

/** Requests sent before timing starts, and requests timed, per query. */
const WARMUP_REQUESTS = 200;
const TIMED_REQUESTS = 1000;

/** Latency percentiles of one query, in microseconds. */
export interface Latency {
  p50: number;
  p99: number;
  mean: number;
}

/** What one probe measures. */
export interface ProbeResult {
  entities: number;
  relations: number;
  loadSeconds: number;
  storeSeconds: number;
  searchIndexSeconds: number;
  rssMB: number;
  heapUsedMB: number;
  /** Whether the memory figures were taken after a full GC (the probe was run with --expose-gc). */
  gcBeforeMemory: boolean;
  q1: Latency;
  q3: Latency;
  /** Requests per query: sent before timing, then timed. */
  requests: { warmup: number; timed: number };
  /** The global ids the queries were run with. */
  q1Id: string;
  q3Id: string;
}

const Q1 = `query Q1($id: ID!) {
  node(id: $id) {
    ... on Commitment { statement committedBy { nodes { name } } }
  }
}`;

const Q3 = `query Q3($id: ID!) {
  node(id: $id) {
    ... on Actor {
      name
      proposed(first: 10) {
        nodes {
          name
          commitments(first: 10) {
            nodes {
              statement
              evidence { quote }
              committedBy(first: 10) { nodes { name } }
            }
          }
        }
      }
    }
  }
}`;

const seconds = (from: number) => (performance.now() - from) / 1000;
const megabytes = (bytes: number) => bytes / 1024 / 1024;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Run the probe over one seed directory. */
export async function probe(seedDir: string): Promise<ProbeResult> {
  let started = performance.now();
  const loaded = loadSeed(seedDir);
  const loadSeconds = seconds(started);
  started = performance.now();
  const store = new MemoryGraphStore(loaded);
  const storeSeconds = seconds(started);
  started = performance.now();
  store.prepareSearch();
  const searchIndexSeconds = seconds(started);

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const memory = process.memoryUsage();

  // Q1 asks for a commitment in the middle of the seed; Q3 starts from the actor in the middle of the seed
  // that proposes the most initiatives, so all three hops have something to follow.
  const byId = (id: string) => (store.loadNodes([id])[0] as Entity).kind;
  const commitments = store.listEntityIds(["COMMITMENT"]);
  const commitment = commitments[commitments.length >> 1] as string;
  const actorIds = store.listEntityIds(["PERSON", "COUNTRY", "GROUP"]);
  const middle = actorIds.slice(actorIds.length >> 1, (actorIds.length >> 1) + 50);
  const proposals = store.loadEdges(
    middle.map((nodeId) => ({ nodeId, type: "PROPOSES", direction: "OUTGOING" })),
  );
  let actor = middle[0] as string;
  let most = -1;
  middle.forEach((id, index) => {
    const count = proposals[index]?.length ?? 0;
    if (count > most) [actor, most] = [id, count];
  });
  const q1Id = encodeId(TYPENAME_BY_KIND[byId(commitment)], commitment);
  const q3Id = encodeId(TYPENAME_BY_KIND[byId(actor)], actor);

  const handler = createGraphQLHandler(store, { log: () => {} });
  const run = async (query: string, id: string) => {
    const response = await handler.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query, variables: { id } }),
    });
    const body = (await response.json()) as { data?: { node?: unknown } | null; errors?: unknown[] };
    if (body.errors || !body.data?.node) {
      throw new Error(`query failed (HTTP ${response.status}): ${JSON.stringify(body).slice(0, 500)}`);
    }
  };
  const time = async (query: string, id: string): Promise<Latency> => {
    for (let i = 0; i < WARMUP_REQUESTS; i++) await run(query, id);
    const samples: number[] = [];
    for (let i = 0; i < TIMED_REQUESTS; i++) {
      const from = process.hrtime.bigint();
      await run(query, id);
      samples.push(Number(process.hrtime.bigint() - from) / 1000);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), mean };
  };
  const q1 = await time(Q1, q1Id);
  const q3 = await time(Q3, q3Id);

  return {
    entities: loaded.entities.length,
    relations: loaded.relations.length,
    loadSeconds,
    storeSeconds,
    searchIndexSeconds,
    rssMB: megabytes(memory.rss),
    heapUsedMB: megabytes(memory.heapUsed),
    gcBeforeMemory: gc !== undefined,
    q1,
    q3,
    requests: { warmup: WARMUP_REQUESTS, timed: TIMED_REQUESTS },
    q1Id,
    q3Id,
  };
}

const seedDir = process.argv[2];
if (!seedDir) {
  console.error("usage: node --expose-gc --import tsx bench/scale-probe.ts <seed-dir>");
  process.exit(2);
}
console.log(JSON.stringify(await probe(seedDir)));
