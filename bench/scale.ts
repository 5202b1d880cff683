/**
 * How the server holds up as the graph grows: for each size (in relations), generate a synthetic seed
 * (bench/generate-seed.ts), then measure it in a fresh child process (bench/scale-probe.ts): load + validate,
 * store indexes, full-text index, memory after a full GC, and in-process latency of two queries.
 *
 *   node --import tsx bench/scale.ts [sizes...]      (default 1000 10000 100000 1000000)
 *
 * Prints a Markdown table and writes bench/results/scale.json and bench/results/scale.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSeed } from "./generate-seed.ts";
import type { ProbeResult } from "./scale-probe.ts";
import { startNodeFlags } from "./start-flags.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PROBE = join(ROOT, "bench", "scale-probe.ts");
const RESULTS = join(ROOT, "bench", "results");
const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000];

/** One row of the results: the seed generated for a size and what the probe measured over it. */
interface ScaleRow extends ProbeResult {
  targetEdges: number;
  seedMB: number;
  generateSeconds: number;
  probeSeconds: number;
}

const sizes = process.argv.slice(2).map(Number);
for (const size of sizes) {
  if (!Number.isInteger(size) || size < 100) {
    console.error(`usage: node --import tsx bench/scale.ts [sizes...]   (bad size "${size}")`);
    process.exit(2);
  }
}

const rows: ScaleRow[] = [];
const started = performance.now();
for (const targetEdges of sizes.length > 0 ? sizes : DEFAULT_SIZES) {
  const dir = mkdtempSync(join(tmpdir(), `scale-seed-${targetEdges}-`));
  try {
    let from = performance.now();
    const seed = generateSeed(dir, targetEdges);
    const generateSeconds = (performance.now() - from) / 1000;
    process.stderr.write(
      `${targetEdges}: generated ${seed.entities} entities, ${seed.relations} relations, ` +
        `${(seed.bytes / 1e6).toFixed(1)} MB in ${generateSeconds.toFixed(1)} s; probing…\n`,
    );
    from = performance.now();
    const output = execFileSync(
      process.execPath,
      // The server's own flags (npm start's), so the probe's latencies are the shipped server's.
      ["--max-old-space-size=12288", ...startNodeFlags(), "--expose-gc", "--import", "tsx", PROBE, dir],
      { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
    );
    const probeSeconds = (performance.now() - from) / 1000;
    const result = JSON.parse(output.trim().split("\n").pop() ?? "") as ProbeResult;
    if (result.relations !== seed.relations || result.entities !== seed.entities) {
      throw new Error(`the probe loaded ${result.entities}/${result.relations}, not what was generated`);
    }
    rows.push({ targetEdges, seedMB: seed.bytes / 1e6, generateSeconds, probeSeconds, ...result });
    process.stderr.write(`${targetEdges}: probed in ${probeSeconds.toFixed(1)} s\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const totalSeconds = (performance.now() - started) / 1000;

const machine = {
  nproc: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};

const fixed = (value: number, digits: number) => value.toFixed(digits);
const table = [
  "| size | entities | relations | seed MB | load s | store s | ready s | search-index s | RSS MB | heap MB | Q1 server p50/p99 µs | Q3 server p50/p99 µs | Q3 server p99/p50 | Q3 round trip p50/p99 µs |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows.map((row) =>
    [
      "",
      row.targetEdges.toLocaleString("en-US"),
      row.entities.toLocaleString("en-US"),
      row.relations.toLocaleString("en-US"),
      fixed(row.seedMB, 1),
      fixed(row.loadSeconds, 2),
      fixed(row.storeSeconds, 2),
      fixed(row.loadSeconds + row.storeSeconds, 2),
      fixed(row.searchIndexSeconds, 2),
      fixed(row.rssMB, 0),
      fixed(row.heapUsedMB, 0),
      `${fixed(row.q1Server.p50, 0)} / ${fixed(row.q1Server.p99, 0)}`,
      `${fixed(row.q3Server.p50, 0)} / ${fixed(row.q3Server.p99, 0)}`,
      fixed(row.q3Server.p99 / row.q3Server.p50, 1),
      `${fixed(row.q3.p50, 0)} / ${fixed(row.q3.p99, 0)}`,
      "",
    ]
      .join(" | ")
      .trim(),
  ),
].join("\n");

const markdown = `# Scale benchmark

${new Date().toISOString()}: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGB} GB, Node ${machine.node}, ${machine.platform}.
Whole run: ${fixed(totalSeconds, 0)} s.

${table}

- size: target relation count of the synthetic seed (bench/generate-seed.ts); entities and relations as loaded.
- load: loadSeed (read, parse, validate, resolve every quote); store: new MemoryGraphStore; ready: load + store,
  when the server answers graph queries (\`npm start\` builds the search index after that, in the background, and
  \`search\` answers SEARCH_NOT_READY meanwhile); search-index: prepareSearch (MiniSearch). RSS and heap: after all
  three and a full GC.
- Q1: node(id:) of one commitment with its committers; Q3: an actor's proposed initiatives → their commitments
  → committers, with evidence, first: 10 at each level. Served by the HTTP server (response cache off) to a client
  in its own process (bench/latency-client.ts), one keep-alive connection, one request in flight:
  ${rows[0]?.requests.warmup} warm-up requests of each query, then ${rows[0]?.requests.timed} timed requests of each, Q1 and Q3 alternating.
  "server" is the server's own time (request arrival to last byte written); "round trip" is what the client saw,
  its own pauses and the loopback included. The mean and the answer size (Q3's actor is picked to list about 16
  commitments) are:
${rows
  .map(
    (row) =>
      `  - ${row.targetEdges.toLocaleString("en-US")}: Q1 mean ${fixed(row.q1Server.mean, 0)} µs on the server, ${row.q1.responseBytes} B; ` +
      `Q3 mean ${fixed(row.q3Server.mean, 0)} µs on the server, ${row.q3.responseBytes} B`,
  )
  .join("\n")}
`;

console.log(markdown);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "scale.json"),
  `${JSON.stringify({ date: new Date().toISOString(), machine, totalSeconds, rows }, null, 2)}\n`,
);
writeFileSync(join(RESULTS, "scale.md"), markdown);
console.error(`wrote ${join(RESULTS, "scale.json")} and ${join(RESULTS, "scale.md")}`);
