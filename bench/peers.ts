/**
 * `npm run bench:peers`: every peer serves the same Pothos schema over the same store, each in its own process on
 * 127.0.0.1; autocannon drives one at a time. Per workload and peer: a warm-up, then a measured window of
 * BENCH_SECONDS (≥ 5 s), in BENCH_ROUNDS (≥ 3) rounds whose order rotates; medians are reported. The primary
 * figure is the server's CPU time per request (user + system, from /proc/<pid>/stat), beside req/s and p50/p99.
 * Every measured response must be a 200; a body is checked against the expected answer before and after every
 * window and once in the middle of it; the load average is recorded with every window. The floor (what bare
 * node:http sending the same bytes plus graphql-jit executing the same query in process cost) is measured in the
 * same run, and each configuration's CPU per request is reported against it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import { type ExecutionResult, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { DEFAULT_LIMITS } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import type { GraphStore } from "../src/graph/store.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { schema } from "../src/schema/index.ts";
import { openGraph } from "../src/store/memory/index.ts";
import { type Workload, workloads } from "./queries.ts";
import { startNodeFlags } from "./start-flags.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_SECONDS = Number(process.env.BENCH_WARM ?? 2);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Which peers run (P2 and P3 only when asked: they are not part of the targets). */
const PEER_IDS = (process.env.BENCH_PEERS ?? "P0,P1,P1u,P1u16,P1y,P4").split(",");
/** Which workloads run. */
const WORKLOAD_IDS = process.env.BENCH_QUERIES?.split(",");
/** CPU seconds the floor's in-process execution is measured for, per workload. */
const FLOOR_CPU_SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 2);
const CLOCK_TICKS_PER_SECOND = 100;
/** The Node flags `npm start` runs the server with, so the shipped peers run as shipped. */
const START_NODE_FLAGS = startNodeFlags();
const RESULTS_DIR = new URL("./results/", import.meta.url);

interface Peer {
  id: string;
  name: string;
  /** Node arguments that start it. */
  args: string[];
  env?: Record<string, string>;
  /** Matches the stdout line that carries the peer's GraphQL URL. */
  ready: RegExp;
  /** Limits of the shipped server this peer does not enforce. */
  lacks?: string;
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
  load: number;
}

/** Start a peer in its own process and wait for its URL. */
function start(peer: Peer): Promise<Running> {
  const child = spawn(process.execPath, peer.args, {
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
    child.stderr?.on("data", (chunk) => {
      out += chunk;
    });
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

/** POST one body and check the answer equals the expected one. */
async function check(
  running: Running,
  workload: Workload,
  index: number,
  expected: unknown[],
): Promise<void> {
  const response = await fetch(running.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: workload.bodies[index],
  });
  const text = await response.text();
  if (response.status !== 200 || !isDeepStrictEqual(JSON.parse(text), expected[index])) {
    throw new Error(
      `${running.peer.id} ${workload.id} body ${index}: ${response.status} ${text.slice(0, 300)} differs from the expected answer`,
    );
  }
}

/** Drive one peer with one workload for `seconds`, checking a body in the middle of the window. */
async function drive(
  running: Running,
  workload: Workload,
  seconds: number,
  expected: unknown[],
): Promise<Sample> {
  let next = Math.floor(Math.random() * workload.order.length);
  const bodyAt = () => workload.bodies[workload.order[next++ % workload.order.length] as number] as string;
  const failures: Error[] = [];
  const before = cpuMicros(running.child.pid);
  const midway = setTimeout(
    () => {
      check(running, workload, Math.floor(Math.random() * workload.bodies.length), expected).catch(
        (error) => {
          failures.push(error as Error);
        },
      );
    },
    (seconds * 1000) / 2,
  );
  const result = await autocannon({
    url: running.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: workload.bodies[0],
        // One body per request, in the workload's order (a single body for Q1–Q5).
        ...(workload.bodies.length > 1
          ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: bodyAt() }) }
          : {}),
      },
    ],
  });
  clearTimeout(midway);
  const cpu = cpuMicros(running.child.pid) - before;
  const load = loadavg()[0] ?? Number.NaN;
  if (failures.length > 0) throw failures[0];
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${running.peer.id} ${workload.id}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const requests = result.requests.total;
  return {
    rps: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerResponse: result.throughput.total / Math.max(1, requests),
    cpuMicrosPerRequest: cpu / Math.max(1, requests),
    load,
  };
}

/** Store calls per request for a body on the shipped configuration (deterministic, so measured once). */
async function batchesPerRequest(store: GraphStore, body: string): Promise<number> {
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
    body,
  });
  return calls;
}

/**
 * The in-process half of the floor: CPU microseconds per request for graphql-jit executing the workload's query
 * (compiled once) with a fresh context per request, and serialising the result, over the workload's variables.
 */
async function inProcessJitMicros(store: GraphStore, workload: Workload): Promise<number> {
  const compiled = compileQuery(schema, parse(workload.query));
  if (!isCompiledQuery(compiled)) throw new Error(`${workload.id} does not compile with graphql-jit`);
  const variables = workload.bodies.map(
    (body) => (JSON.parse(body) as { variables: Record<string, unknown> }).variables,
  );
  const run = async (requests: number, offset: number) => {
    for (let i = 0; i < requests; i++) {
      const index = workload.order[(offset + i) % workload.order.length] as number;
      const context = createContext(store, DEFAULT_LIMITS.timeoutMs);
      const result = (await compiled.query(undefined, context, variables[index])) as ExecutionResult;
      if (result.errors) throw new Error(`${workload.id}: ${JSON.stringify(result.errors)}`);
      compiled.stringify(result);
    }
  };
  await run(2_000, 0);
  let requests = 0;
  const started = process.cpuUsage();
  for (;;) {
    await run(500, requests);
    requests += 500;
    const used = process.cpuUsage(started);
    if (used.user + used.system >= FLOOR_CPU_SECONDS * 1e6) return (used.user + used.system) / requests;
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const store = openGraph();
  const all = await workloads(store);
  const chosen = WORKLOAD_IDS ? all.filter((w) => WORKLOAD_IDS.includes(w.id)) : all;
  // The expected answer to every body, from the shipped handler in this process.
  const handler = createGraphQLHandler(store, { log: () => {} });
  const expected = new Map<string, unknown[]>();
  const responses: Record<string, string> = {};
  for (const workload of chosen) {
    const answers: unknown[] = [];
    for (const body of workload.bodies) {
      if (responses[body] === undefined) {
        const response = await handler.fetch("http://localhost/graphql", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        responses[body] = await response.text();
      }
      const json = JSON.parse(responses[body] as string) as { errors?: unknown };
      if (json.errors) throw new Error(`${workload.id} has errors: ${responses[body]}`);
      answers.push(json);
    }
    expected.set(workload.id, answers);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const responsesFile = new URL("p0-responses.json", RESULTS_DIR).pathname;
  writeFileSync(responsesFile, JSON.stringify(responses));

  const listening = /listening (\S+)/;
  const shipped = /GraphiQL at (\S+)/;
  const allPeers: Peer[] = [
    {
      id: "P0",
      name: "bare node:http sending the expected bytes for each request body (half of the floor)",
      args: ["--import", "tsx", "bench/servers/p0-ceiling.ts", "0", responsesFile],
      ready: listening,
      lacks: "every limit (it only looks the body up)",
    },
    {
      id: "P1",
      name: "this project as shipped (npm start: compiled, limits, graphql-jit, response cache)",
      args: [...START_NODE_FLAGS, "scripts/start.mjs"],
      env: { PORT: "0" },
      ready: shipped,
    },
    {
      id: "P1u",
      name: "P1 with the response cache off (RESPONSE_CACHE=off: every request executes)",
      args: [...START_NODE_FLAGS, "scripts/start.mjs"],
      env: { PORT: "0", RESPONSE_CACHE: "off" },
      ready: shipped,
    },
    {
      id: "P1u16",
      name: "P1u with V8's default young generation (16 MB semi-spaces) instead of npm start's 64 MB: the before",
      args: ["scripts/start.mjs"],
      env: { PORT: "0", RESPONSE_CACHE: "off" },
      ready: shipped,
    },
    {
      id: "P1y",
      name: "P1u without the direct path (every request through Yoga's fetch-API Request/Response): the before",
      args: ["--import", "tsx", "bench/servers/p1y-yoga-path.ts", "0"],
      ready: listening,
    },
    {
      id: "P2",
      name: "P1u with per-item loading instead of dataloaders",
      args: ["--import", "tsx", "bench/servers/p2-naive.ts", "0"],
      ready: listening,
    },
    {
      id: "P3",
      name: "Apollo Server 5",
      args: ["--import", "tsx", "bench/servers/p3-apollo.ts", "0"],
      ready: listening,
      lacks: "every limit of Safe to expose",
    },
    {
      id: "P4",
      name: "Mercurius + graphql-jit on Fastify (body limit, depth, aliases, directives)",
      args: ["--import", "tsx", "bench/servers/p4-mercurius.ts", "0"],
      ready: listening,
      lacks:
        "the node budget, token limit, field-merge bound, execution timeout, response cache, compression, persisted queries, CORS/security headers",
    },
  ];
  const peers = allPeers.filter((peer) => PEER_IDS.includes(peer.id));
  const running = await Promise.all(peers.map(start));
  const samples = new Map<string, Sample[]>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [w, workload] of chosen.entries()) {
        const answers = expected.get(workload.id) ?? [];
        const order = running.map((_, i) => running[(i + round + w) % running.length] as Running);
        for (const peer of order) {
          const someBody = () => Math.floor(Math.random() * workload.bodies.length);
          await check(peer, workload, someBody(), answers);
          await drive(peer, workload, WARM_SECONDS, answers);
          const measured = await drive(peer, workload, MEASURE_SECONDS, answers);
          await check(peer, workload, someBody(), answers);
          const key = `${workload.id}/${peer.peer.id}`;
          samples.set(key, [...(samples.get(key) ?? []), measured]);
          process.stderr.write(
            `round ${round + 1} ${key}: ${Math.round(measured.rps)} req/s, ${Math.round(measured.cpuMicrosPerRequest)} µs CPU/req, load ${measured.load.toFixed(1)}\n`,
          );
        }
      }
    }
  } finally {
    for (const peer of running) peer.child.kill("SIGTERM");
  }

  const floorMicros = new Map<string, number>();
  for (const workload of chosen) floorMicros.set(workload.id, await inProcessJitMicros(store, workload));

  const rows: Record<string, unknown>[] = [];
  const lines = [
    "| query | peer | req/s | CPU µs/req | p50 ms | p99 ms | bytes/resp | load avg | batches/req |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const cell = (workload: string, peer: string) => {
    const list = samples.get(`${workload}/${peer}`) ?? [];
    return {
      rps: median(list.map((s) => s.rps)),
      cpu: median(list.map((s) => s.cpuMicrosPerRequest)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      bytes: median(list.map((s) => s.bytesPerResponse)),
      loads: list.map((s) => s.load),
    };
  };
  for (const workload of chosen) {
    const batches = await batchesPerRequest(store, workload.bodies[0] as string);
    for (const peer of peers) {
      const c = cell(workload.id, peer.id);
      const row = {
        query: workload.id,
        peer: peer.id,
        rps: c.rps,
        cpuMicrosPerRequest: c.cpu,
        p50: c.p50,
        p99: c.p99,
        bytesPerResponse: c.bytes,
        loadAverages: c.loads,
        batchesPerRequest: peer.id.startsWith("P1") ? batches : null,
      };
      rows.push(row);
      lines.push(
        `| ${workload.id} | ${peer.id} | ${Math.round(c.rps)} | ${Math.round(c.cpu)} | ${c.p50} | ${c.p99} | ${Math.round(c.bytes)} | ${Math.min(...c.loads).toFixed(1)}–${Math.max(...c.loads).toFixed(1)} | ${row.batchesPerRequest ?? ""} |`,
      );
    }
  }

  // Ratios: above 1 is better for this project. CPU ratios are P4's CPU per request over ours.
  const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
  const targetLines = [
    "| query | executed (P1u) vs P4: req/s | CPU | shipped (P1) vs P4: req/s | CPU | miss cost: P1 CPU / P1u CPU | direct path: P1y CPU / P1u CPU |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const floorLines = [
    "| query | P0 CPU µs/req | jit in process µs/req | floor µs/req | P1u ÷ floor | P1 ÷ floor | P4 ÷ floor |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const summary: Record<string, unknown>[] = [];
  for (const workload of chosen) {
    const [p0, p1, p1u, p1y, p4] = ["P0", "P1", "P1u", "P1y", "P4"].map((id) => cell(workload.id, id)) as [
      ReturnType<typeof cell>,
      ReturnType<typeof cell>,
      ReturnType<typeof cell>,
      ReturnType<typeof cell>,
      ReturnType<typeof cell>,
    ];
    const jit = floorMicros.get(workload.id) ?? Number.NaN;
    const floor = p0.cpu + jit;
    const entry = {
      query: workload.id,
      executedRps: p1u.rps / p4.rps,
      executedCpu: p4.cpu / p1u.cpu,
      shippedRps: p1.rps / p4.rps,
      shippedCpu: p4.cpu / p1.cpu,
      missCost: p1.cpu / p1u.cpu,
      directPathSaving: p1y.cpu / p1u.cpu,
      floor,
      jitInProcess: jit,
      p1uOverFloor: p1u.cpu / floor,
      p1OverFloor: p1.cpu / floor,
      p4OverFloor: p4.cpu / floor,
    };
    summary.push(entry);
    targetLines.push(
      `| ${workload.id} | ${ratio(entry.executedRps)} | ${ratio(entry.executedCpu)} | ${ratio(entry.shippedRps)} | ${ratio(entry.shippedCpu)} | ${ratio(entry.missCost)} | ${ratio(entry.directPathSaving)} |`,
    );
    floorLines.push(
      `| ${workload.id} | ${Math.round(p0.cpu)} | ${Math.round(jit)} | ${Math.round(floor)} | ${ratio(entry.p1uOverFloor)} | ${ratio(entry.p1OverFloor)} | ${ratio(entry.p4OverFloor)} |`,
    );
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}`;
  const settings = `${ROUNDS} rounds in rotating order, ${WARM_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per peer and workload, ${CONNECTIONS} connections; medians; bodies checked before, during and after every window`;
  const markdown = [
    `Machine: ${machine}. ${settings}.`,
    "",
    ...chosen.map((w) => `- ${w.id}: ${w.title}`),
    "",
    ...peers.map((p) => `- ${p.id}: ${p.name}${p.lacks ? `; lacks ${p.lacks}` : ""}`),
    "",
    ...lines,
    "",
    "Against Mercurius + graphql-jit (P4), in one run (req/s: ours ÷ P4; CPU: P4's µs/req ÷ ours; above 1 is ahead):",
    "",
    ...targetLines,
    "",
    "Against the floor (CPU per request; floor = P0's bare node:http CPU for the same bytes + graphql-jit executing and serialising the same query in process, no HTTP):",
    "",
    ...floorLines,
  ].join("\n");
  writeFileSync(
    new URL("peers.json", RESULTS_DIR),
    JSON.stringify({ machine, settings, rows, summary }, null, 2),
  );
  writeFileSync(new URL("peers.md", RESULTS_DIR), `${markdown}\n`);
  console.log(markdown);
}

await main();
