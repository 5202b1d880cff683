/**
 * Memory store vs PostgreSQL store over the same generated seeds (bench/generate-seed.ts): load time, database
 * size, and p50/p99 of a 100-key node batch, a 100-key edge batch, GraphQL Q1 and Q3 (bench/queries.ts), a page
 * of 25 entities of one kind from a mid-list cursor, a depth-3 neighbourhood with limit 500, and selective, broad and typo searches; then the serving process's RSS.
 * Each store is measured in a fresh child process (the PostgreSQL one loads in one child and serves from another,
 * as db:load and npm start do), in-process through the store and the Yoga handler (no socket).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/store.ts [sizes...]
 *   (default sizes 10000 100000; writes bench/results/store.json and store.md)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphStore } from "../src/graph/store.ts";
import { encodeId } from "../src/schema/global-id.ts";
import { generateSeed } from "./generate-seed.ts";
import { QUERIES } from "./queries.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const RESULTS = join(ROOT, "bench", "results");
const WARMUP = 20;
const TIMED = 200;

/** p50 and p99 of one measurement, in milliseconds. */
type Percentiles = { p50: number; p99: number };

/** What one serving child measured. */
interface ServeResult {
  openSeconds: number;
  rssMB: number;
  timings: Record<string, Percentiles>;
  hits: Record<string, number>;
}

/** A deterministic pseudo-random sequence, so every store is asked for the same keys. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Time `run` WARMUP + TIMED times and return p50/p99 of the timed runs in milliseconds. */
async function measure(run: (i: number) => unknown): Promise<Percentiles> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const from = performance.now();
    await run(i);
    samples.push(performance.now() - from);
  }
  samples.sort((a, b) => a - b);
  const at = (fraction: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Measure every operation over an opened store (run inside a child process). */
async function measureStore(store: GraphStore): Promise<Omit<ServeResult, "openSeconds" | "rssMB">> {
  const { createGraphQLHandler } = await import("../src/http/yoga.ts");
  const { DEFAULT_LIMITS } = await import("../src/config.ts");
  const handler = createGraphQLHandler(store, {
    limits: { ...DEFAULT_LIMITS, maxCost: 1_000_000 },
    log: () => {},
  });
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await handler.fetch("http://localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    if (text.includes('"errors"')) throw new Error(`query failed: ${text.slice(0, 300)}`);
    return text;
  };
  const ids = await store.listEntityIds();
  const random = prng(0x5c0);
  const batches = Array.from({ length: 64 }, () =>
    Array.from({ length: 100 }, () => ids[Math.floor(random() * ids.length)] as string),
  );
  const commitments = await store.listEntityIds(["COMMITMENT"]);
  const commitment = commitments[commitments.length >> 1] as string;
  const actors = await store.listEntityIds(["COUNTRY"]);
  const actor = actors[actors.length >> 1] as string;
  const actorName = ((await store.loadNodes([actor]))[0] as { name: string }).name;
  const [q1, q3] = [QUERIES.find((q) => q.id === "Q1"), QUERIES.find((q) => q.id === "Q3")] as const;
  const neighbourhood = `query($id: ID!) { neighborhood(id: $id, depth: 3, limit: 500) { nodes { slug } edges { type } } }`;
  const commitmentPage = `query($after: String) { entities(kinds: [COMMITMENT], first: 25, after: $after) { totalCount nodes { slug } } }`;
  const offsetCursor = (offset: number) => Buffer.from(`OffsetConnection:${offset}`).toString("base64");
  const searches = {
    selective: actorName,
    broad: "vaccines",
    typo: actorName.replace(/^Country/, "Cuntry"),
  };
  const hits: Record<string, number> = {};
  for (const [name, query] of Object.entries(searches)) hits[name] = (await store.search(query)).length;
  const timings: Record<string, Percentiles> = {
    "node batch (100 keys)": await measure((i) => store.loadNodes(batches[i % batches.length] as string[])),
    "edge batch (100 keys)": await measure((i) =>
      store.loadEdges(
        (batches[i % batches.length] as string[]).map((nodeId) => ({
          nodeId,
          type: null,
          direction: "BOTH" as const,
        })),
      ),
    ),
    Q1: await measure(() => graphql(q1?.query as string, { id: encodeId("Commitment", commitment) })),
    Q3: await measure(() => graphql(q3?.query as string, { slug: actor })),
    "page of 25 commitments (mid-list cursor)": await measure(() =>
      graphql(commitmentPage, { after: offsetCursor(commitments.length >> 1) }),
    ),
    "neighbourhood depth 3, limit 500": await measure(() =>
      graphql(neighbourhood, { id: encodeId("Country", actor) }),
    ),
    "search selective": await measure(() => store.search(searches.selective)),
    "search broad": await measure(() => store.search(searches.broad)),
    "search typo": await measure(() => store.search(searches.typo)),
  };
  return { timings, hits };
}

/** Child: open the named store over `seedDir` (or the loaded schema), measure it, print one JSON line. */
async function serveChild(kind: string, seedDir: string, schema: string): Promise<void> {
  const from = performance.now();
  let store: GraphStore;
  if (kind === "memory") {
    const { openGraph } = await import("../src/store/memory/index.ts");
    store = openGraph(seedDir);
  } else {
    const { openPostgresStore } = await import("../src/store/postgres/open.ts");
    store = (await openPostgresStore(process.env.DATABASE_URL as string, schema)).store;
  }
  const openSeconds = (performance.now() - from) / 1000;
  const measured = await measureStore(store);
  (globalThis as { gc?: () => void }).gc?.();
  const rssMB = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(`${JSON.stringify({ openSeconds, rssMB, ...measured })}\n`);
  process.exit(0);
}

/** Child: migrate `schema` and load `seedDir` into it; print the load time and the database size. */
async function loadChild(seedDir: string, schema: string): Promise<void> {
  const { nodePostgresClient } = await import("../src/store/postgres/node-postgres-client.ts");
  const { migrate } = await import("../src/store/postgres/migrate.ts");
  const { loadSeedIntoDatabase } = await import("../src/store/postgres/db-load.ts");
  const client = nodePostgresClient(process.env.DATABASE_URL as string, { schema, maxConnections: 2 });
  await client.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await migrate(client, schema);
  const from = performance.now();
  const report = await loadSeedIntoDatabase(client, seedDir);
  const loadSeconds = (performance.now() - from) / 1000;
  const [size] = await client.query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  await client.close();
  const result = {
    loadSeconds,
    validateSeconds: report.validateMs / 1000,
    databaseMB: Number(size?.bytes) / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Run this file as a child with `args`; its last stdout line is JSON. */
function child<T>(args: string[]): T {
  const output = execFileSync(
    process.execPath,
    ["--max-old-space-size=12288", "--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), ...args],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(output.trim().split("\n").pop() ?? "") as T;
}

/** Parent: generate each size, measure memory and PostgreSQL, print and save a Markdown table. */
async function main(sizes: number[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "set DATABASE_URL to a PostgreSQL database to benchmark, e.g. postgres://postgres@127.0.0.1:5432/test",
    );
    process.exit(2);
  }
  const rows: Array<Record<string, unknown>> = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `store-bench-${size}-`));
    const schema = `bench_store_${size}`;
    try {
      const seed = generateSeed(dir, size);
      process.stderr.write(`${size}: ${seed.entities} entities, ${seed.relations} relations generated\n`);
      const memory = child<ServeResult>(["--serve", "memory", dir, schema]);
      process.stderr.write(`${size}: memory measured\n`);
      const load = child<{ loadSeconds: number; validateSeconds: number; databaseMB: number }>([
        "--load",
        dir,
        schema,
      ]);
      process.stderr.write(`${size}: loaded into PostgreSQL in ${load.loadSeconds.toFixed(1)} s\n`);
      const postgres = child<ServeResult>(["--serve", "postgres", dir, schema]);
      rows.push({ size, relations: seed.relations, entities: seed.entities, memory, load, postgres });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const lines = ["| relations | measure | memory | PostgreSQL |", "| ---: | --- | ---: | ---: |"];
  const ms = (p: Percentiles) => `${p.p50.toFixed(2)} / ${p.p99.toFixed(2)} ms`;
  for (const row of rows as Array<{
    relations: number;
    memory: ServeResult;
    postgres: ServeResult;
    load: { loadSeconds: number; databaseMB: number };
  }>) {
    const n = row.relations.toLocaleString("en");
    lines.push(
      `| ${n} | load (validate + index / db:load) | ${row.memory.openSeconds.toFixed(1)} s | ${row.load.loadSeconds.toFixed(1)} s |`,
    );
    lines.push(
      `| ${n} | start-up of a serving process | ${row.memory.openSeconds.toFixed(1)} s | ${row.postgres.openSeconds.toFixed(2)} s |`,
    );
    lines.push(`| ${n} | database size | – | ${row.load.databaseMB.toFixed(0)} MB |`);
    for (const name of Object.keys(row.memory.timings)) {
      lines.push(
        `| ${n} | ${name} p50 / p99 | ${ms(row.memory.timings[name] as Percentiles)} | ${ms(row.postgres.timings[name] as Percentiles)} |`,
      );
    }
    lines.push(
      `| ${n} | search hits (selective / broad / typo) | ${Object.values(row.memory.hits).join(" / ")} | ${Object.values(row.postgres.hits).join(" / ")} |`,
    );
    lines.push(
      `| ${n} | serving process RSS | ${row.memory.rssMB.toFixed(0)} MB | ${row.postgres.rssMB.toFixed(0)} MB |`,
    );
  }
  const table = lines.join("\n");
  console.log(table);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "store.json"), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(join(RESULTS, "store.md"), `${table}\n`);
}

const args = process.argv.slice(2);
if (args[0] === "--serve") await serveChild(args[1] as string, args[2] as string, args[3] as string);
else if (args[0] === "--load") await loadChild(args[1] as string, args[2] as string);
else await main(args.length > 0 ? args.map(Number) : [10_000, 100_000]);
