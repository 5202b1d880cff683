/**
 * `npm run bench:peers`: every peer serves the same Pothos schema over the same store, each in its own process on
 * 127.0.0.1; autocannon drives one at a time, in rotating order, three rounds; the median is reported. Every
 * measured response must be 200 and a sample body must equal the expected result.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import type { GraphStore } from "../src/graph/store.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { openGraph } from "../src/store/memory/index.ts";
import { type BenchQuery, QUERIES, requestBody } from "./queries.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_SECONDS = Number(process.env.BENCH_WARM ?? 1);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CLOCK_TICKS_PER_SECOND = 100;
const RESULTS_DIR = new URL("./results/", import.meta.url);

interface Peer {
  id: string;
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Matches the stdout line that carries the peer's GraphQL URL. */
  ready: RegExp;
}

interface Running {
  peer: Peer;
  child: ChildProcess;
  url: string;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  cpuMicrosPerRequest: number;
}

/** Start a peer in its own process and wait for its URL. */
function start(peer: Peer): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", ...peer.args], {
    env: { ...process.env, ...peer.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = peer.ready.exec(out);
      if (match?.[1]) resolve({ peer, child, url: match[1] });
    });
    child.stderr?.on("data", () => {});
    child.on("exit", (code) => reject(new Error(`${peer.id} exited with ${code} before listening: ${out}`)));
  });
}

/** CPU time (user + system) a process has used, in microseconds, from /proc. */
function cpuMicros(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** POST one query and return the parsed response. */
async function sample(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return response.json();
}

/** Drive one peer with one query. */
async function drive(running: Running, body: string, seconds: number): Promise<Sample> {
  const before = cpuMicros(running.child.pid);
  const result = await autocannon({
    url: running.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = cpuMicros(running.child.pid) - before;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${running.peer.id}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const requests = result.requests.total;
  return {
    rps: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerResponse: result.throughput.total / Math.max(1, requests),
    cpuMicrosPerRequest: cpu / Math.max(1, requests),
  };
}

/** Store calls per request for each query on the shipped configuration (deterministic, so measured once). */
async function batchesPerRequest(store: GraphStore, query: BenchQuery): Promise<number> {
  let calls = 0;
  const counting = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "stats") return value;
      return (...args: unknown[]) => {
        calls++;
        return value.apply(target, args);
      };
    },
  });
  await createGraphQLHandler(counting, { log: () => {} }).fetch("http://localhost/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: requestBody(query),
  });
  return calls;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const store = openGraph();
  const handler = createGraphQLHandler(store, { log: () => {} });
  const expected = new Map<string, { text: string; json: unknown }>();
  for (const query of QUERIES) {
    const response = await handler.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: requestBody(query),
    });
    const text = await response.text();
    const json = JSON.parse(text) as { errors?: unknown };
    if (json.errors) throw new Error(`${query.id} has errors: ${text}`);
    expected.set(query.id, { text, json });
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const responsesFile = new URL("p0-responses.json", RESULTS_DIR).pathname;
  writeFileSync(
    responsesFile,
    JSON.stringify(Object.fromEntries(QUERIES.map((q) => [requestBody(q), expected.get(q.id)?.text]))),
  );

  const listening = /listening (\S+)/;
  const peers: Peer[] = [
    {
      id: "P0",
      name: "node:http, pre-serialised bytes (ceiling)",
      args: ["bench/servers/p0-ceiling.ts", "0", responsesFile],
      ready: listening,
    },
    {
      id: "P1",
      name: "this project as shipped (npm start: limits, graphql-jit, response cache)",
      args: ["src/main.ts"],
      env: { PORT: "0" },
      ready: /GraphiQL at (\S+)/,
    },
    {
      id: "P1u",
      name: "this project as shipped but with the response cache off (every request executes)",
      args: ["src/main.ts"],
      env: { PORT: "0", RESPONSE_CACHE: "off" },
      ready: /GraphiQL at (\S+)/,
    },
    {
      id: "P2",
      name: "this project, no dataloaders (per-item)",
      args: ["bench/servers/p2-naive.ts", "0"],
      ready: listening,
    },
    { id: "P3", name: "Apollo Server 5", args: ["bench/servers/p3-apollo.ts", "0"], ready: listening },
    {
      id: "P4",
      name: "Mercurius + graphql-jit (Fastify)",
      args: ["bench/servers/p4-mercurius.ts", "0"],
      ready: listening,
    },
  ];
  const running = await Promise.all(peers.map(start));
  const samples = new Map<string, Sample[]>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of QUERIES) {
        const body = requestBody(query);
        const order = running.map(
          (_, i) => running[(i + round + QUERIES.indexOf(query)) % running.length] as Running,
        );
        for (const peer of order) {
          const got = await sample(peer.url, body);
          if (!isDeepStrictEqual(got, expected.get(query.id)?.json)) {
            throw new Error(
              `${peer.peer.id} ${query.id}: response differs from the expected result: ${JSON.stringify(got).slice(0, 300)}`,
            );
          }
          await drive(peer, body, WARM_SECONDS);
          const measured = await drive(peer, body, MEASURE_SECONDS);
          const key = `${query.id}/${peer.peer.id}`;
          samples.set(key, [...(samples.get(key) ?? []), measured]);
          process.stderr.write(`round ${round + 1} ${key}: ${Math.round(measured.rps)} req/s\n`);
        }
      }
    }
  } finally {
    for (const peer of running) peer.child.kill("SIGTERM");
  }

  const rows: Record<string, unknown>[] = [];
  const lines = [
    "| query | peer | req/s | p50 ms | p99 ms | bytes/resp | CPU µs/req | batches/req |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const ratioLines = [
    "| query | P1/P0 | P1/P3 (Apollo) | P1/P4 (Mercurius+jit) | P1/P2 (no batching) | P1u/P3 | P1u/P4 | P1u/P2 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const query of QUERIES) {
    const rps: Record<string, number> = {};
    const batches = await batchesPerRequest(store, query);
    for (const peer of peers) {
      const list = samples.get(`${query.id}/${peer.id}`) ?? [];
      const row = {
        query: query.id,
        peer: peer.id,
        rps: median(list.map((s) => s.rps)),
        p50: median(list.map((s) => s.p50)),
        p99: median(list.map((s) => s.p99)),
        bytesPerResponse: median(list.map((s) => s.bytesPerResponse)),
        cpuMicrosPerRequest: median(list.map((s) => s.cpuMicrosPerRequest)),
        batchesPerRequest: peer.id.startsWith("P1") ? batches : null,
      };
      rps[peer.id] = row.rps;
      rows.push(row);
      lines.push(
        `| ${query.id} | ${peer.id} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${Math.round(row.bytesPerResponse)} | ${Math.round(row.cpuMicrosPerRequest)} | ${row.batchesPerRequest ?? ""} |`,
      );
    }
    const ratio = (ours: string, peer: string) => ((rps[ours] ?? 0) / (rps[peer] ?? 1)).toFixed(2);
    ratioLines.push(
      `| ${query.id} ${query.title} | ${ratio("P1", "P0")} | ${ratio("P1", "P3")} | ${ratio("P1", "P4")} | ${ratio("P1", "P2")} | ${ratio("P1u", "P3")} | ${ratio("P1u", "P4")} | ${ratio("P1u", "P2")} |`,
    );
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}`;
  const settings = `${ROUNDS} rounds in rotating order, ${WARM_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per peer and query, ${CONNECTIONS} connections; medians`;
  const markdown = [
    `Machine: ${machine}. ${settings}.`,
    "Absolute numbers compare only within one run on one machine; the ratios are the result.",
    "",
    `Peers: ${peers.map((p) => `${p.id} ${p.name}`).join("; ")}.`,
    "",
    ...lines,
    "",
    "Ratios of requests per second:",
    "",
    ...ratioLines,
  ].join("\n");
  writeFileSync(new URL("peers.json", RESULTS_DIR), JSON.stringify({ machine, settings, rows }, null, 2));
  writeFileSync(new URL("peers.md", RESULTS_DIR), `${markdown}\n`);
  console.log(markdown);
}

await main();
