/**
 * One measurement of bench/scale.ts, run in a fresh process so each size starts from an empty heap:
 *
 *   node --max-old-space-size=12288 --expose-gc --import tsx bench/scale-probe.ts <seed-dir>
 *
 * Times loadSeed (read, parse, validate, resolve quotes), the store's indexes and the full-text index, takes RSS
 * and heap after a full GC, then serves the graph with the HTTP server (response cache off) and times two queries
 * from a client in another process (bench/latency-client.ts), one request in flight: Q1, one commitment by global
 * id, and Q3, three hops from an actor (proposed initiatives → commitments → committers, with evidence),
 * `first: 10` at each level. Prints one JSON line (ProbeResult) on stdout.
 */
import { execFile } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { loadSeed } from "../src/graph/load.ts";
import type { Entity } from "../src/graph/model.ts";
import { startServer } from "../src/http/server.ts";
import { encodeId, TYPENAME_BY_KIND } from "../src/schema/global-id.ts";
import { MemoryGraphStore } from "../src/store/memory/memory-store.ts";

/** The client that sends the timed requests from its own process. */
const LATENCY_CLIENT = fileURLToPath(new URL("./latency-client.ts", import.meta.url));

/** Requests sent before timing starts, and requests timed, per query. */
const WARMUP_REQUESTS = 200;
const TIMED_REQUESTS = 1000;
/** How many commitments Q3's answer should list (over all the actor's initiatives). */
const Q3_COMMITMENTS = 16;

/** Latency percentiles of one query, in microseconds, and the size of its answer. */
export interface Latency {
  p50: number;
  p99: number;
  mean: number;
  responseBytes: number;
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
  /** Round trip as the client saw it. */
  q1: Latency;
  q3: Latency;
  /** The server's own time for the same requests, arrival to last byte written. */
  q1Server: Latency;
  q3Server: Latency;
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

  // Q1 asks for the commitment in the middle of the seed. Q3 starts from an actor near the middle of the seed
  // whose answer lists about Q3_COMMITMENTS commitments, so that Q3 does the same work at every size.
  const byId = (id: string) => (store.loadNodes([id])[0] as Entity).kind;
  const commitments = store.listEntityIds(["COMMITMENT"]);
  const commitment = commitments[commitments.length >> 1] as string;
  const actorIds = store.listEntityIds(["PERSON", "COUNTRY", "GROUP"]);
  const middle = actorIds.slice(Math.max(0, (actorIds.length >> 1) - 100), (actorIds.length >> 1) + 100);
  const edges = (nodeIds: readonly string[], type: "PROPOSES" | "CONTAINS") =>
    store.loadEdges(nodeIds.map((nodeId) => ({ nodeId, type, direction: "OUTGOING" as const })));
  let actor = middle[0] as string;
  let bestGap = Number.POSITIVE_INFINITY;
  edges(middle, "PROPOSES").forEach((proposed, index) => {
    const initiatives = proposed.slice(0, 10).map((relation) => relation.to);
    const listed = edges(initiatives, "CONTAINS").reduce((sum, list) => sum + Math.min(10, list.length), 0);
    const gap = Math.abs(listed - Q3_COMMITMENTS);
    if (gap < bestGap) [actor, bestGap] = [middle[index] as string, gap];
  });
  const q1Id = encodeId(TYPENAME_BY_KIND[byId(commitment)], commitment);
  const q3Id = encodeId(TYPENAME_BY_KIND[byId(actor)], actor);

  // The queries are served as production serves them (the HTTP server, its direct path and prepared operations,
  // response cache off so every request executes) to a client in another process, one request in flight.
  const server = await startServer(store, "127.0.0.1", 0, { responseCache: false, log: () => {} });
  // The server's own time per timed request, arrival to last byte written: the latency the graph and the server
  // cause, without the client process's own pauses and the loopback round trip.
  const serverSide: number[][] = [[], []];
  server.server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const label = Number(request.headers["x-bench-label"] ?? -1);
    if (label < 0) return;
    const from = process.hrtime.bigint();
    response.on("finish", () => serverSide[label]?.push(Number(process.hrtime.bigint() - from) / 1000));
  });
  const measured = await new Promise<{ latencies: number[][]; sizes: number[] }>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        "--import",
        "tsx",
        LATENCY_CLIENT,
        `${server.url}/graphql`,
        String(WARMUP_REQUESTS),
        String(TIMED_REQUESTS),
        JSON.stringify({ query: Q1, variables: { id: q1Id } }),
        JSON.stringify({ query: Q3, variables: { id: q3Id } }),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split("\n").pop() ?? ""))),
    );
  }).finally(() => server.close());
  const [q1Samples = [], q3Samples = []] = measured.latencies;
  const samples = { q1: q1Samples, q3: q3Samples };
  const responseBytes = { q1: measured.sizes[0] ?? 0, q3: measured.sizes[1] ?? 0 };
  const latency = (values: number[], bytes: number): Latency => {
    values.sort((x, y) => x - y);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return { p50: percentile(values, 0.5), p99: percentile(values, 0.99), mean, responseBytes: bytes };
  };
  const q1 = latency(samples.q1, responseBytes.q1);
  const q3 = latency(samples.q3, responseBytes.q3);
  const q1Server = latency(serverSide[0] ?? [], responseBytes.q1);
  const q3Server = latency(serverSide[1] ?? [], responseBytes.q3);

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
    q1Server,
    q3Server,
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
