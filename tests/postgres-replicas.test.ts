/**
 * Real PostgreSQL only (DATABASE_URL; PGlite cannot be shared between processes): two servers over one database
 * answer the same bytes and both see a new load with no request failing during the swap; a load killed with
 * SIGKILL in the middle of its COPY leaves the old graph served and the next load unblocked.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateSeed } from "../bench/generate-seed.ts";
import { loadSeedIntoDatabase } from "../src/store/postgres/db-load.ts";
import { PostgresGraphStore } from "../src/store/postgres/postgres-store.ts";
import { killSpawned, spawnEntry } from "./support/processes.ts";
import { VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";
import { freshServerSchema } from "./support/stores.ts";

const DATABASE_URL = process.env.DATABASE_URL as string;
const ALICE = `{ person(slug: "alice") { name } entities(first: 100) { totalCount nodes { slug name } } }`;

afterEach(killSpawned);

/** Start the server (or any entry point) over the database; resolves once its stdout matches `ready`. */
function start(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawnEntry(entry, [], { DATABASE_URL, ...env });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => reject(new Error(`${entry} not ready in 60 s: ${stdout}${stderr}`)),
      60_000,
    );
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.on("exit", (code) => reject(new Error(`${entry} exited ${code}: ${stderr}`)));
  });
}

/** POST one query and return the status and body text. */
async function ask(url: string, query: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.text() };
}

describe.skipIf(!DATABASE_URL)("PostgreSQL store across processes (real server)", () => {
  let database: Awaited<ReturnType<typeof freshServerSchema>>;
  const fixture = writeSeed({ "graph.yaml": VALID_GRAPH });

  beforeAll(async () => {
    database = await freshServerSchema(DATABASE_URL);
    await loadSeedIntoDatabase(database.client, fixture);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it("two replicas answer the same bytes and both follow a load, with no failed request", async () => {
    const env = { STORE: "postgres", DATABASE_SCHEMA: database.schema, STORE_REFRESH_MS: "100" };
    const ready = /GraphiQL at (http:\/\/\S+)\/graphql/;
    const [one, two] = await Promise.all([
      start("src/main.ts", env, ready),
      start("src/main.ts", env, ready),
    ]);
    const urls = [one.match[1] as string, two.match[1] as string];
    const before = await Promise.all(urls.map((url) => ask(url, ALICE)));
    expect(before[0]?.status).toBe(200);
    expect(before[0]?.body).toContain('"name":"Alice"');
    expect(before[1]).toEqual(before[0]);

    const renamed = writeSeed({
      "graph.yaml": VALID_GRAPH.replace("name: Alice\n", "name: Alice Liddell\n"),
    });
    const answers: Array<{ status: number; body: string }> = [];
    let loading = true;
    const hammer = urls.map(async (url) => {
      // Keep asking until the load is done and this replica answers the new name.
      while (loading || !answers.at(-1)?.body.includes("Alice Liddell")) {
        answers.push(await ask(url, ALICE));
        if (answers.length > 20_000) throw new Error("the replicas never showed the new graph");
      }
    });
    const report = await loadSeedIntoDatabase(database.client, renamed);
    loading = false;
    await Promise.all(hammer);
    expect(report.status).toBe("loaded");
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain('"errors"');
      expect(answer.body).toMatch(/"person":\{"name":"Alice( Liddell)?"\}/);
    }
    const after = await Promise.all(urls.map((url) => ask(url, ALICE)));
    expect(after[0]?.body).toContain('"name":"Alice Liddell"');
    expect(after[1]).toEqual(after[0]);
  }, 120_000);

  it("a load killed (SIGKILL) during its COPY leaves the old graph served and the next load free", async () => {
    const store = await PostgresGraphStore.open(database.client);
    const digest = store.digest;
    const big = mkdtempSync(join(tmpdir(), "big-seed-"));
    try {
      generateSeed(big, 60_000);
      const loader = spawnEntry("src/store/postgres/cli.ts", ["load", big], {
        DATABASE_URL,
        DATABASE_SCHEMA: database.schema,
        PGAPPNAME: database.schema,
      });
      // Wait until the server runs the loader's COPY, then kill the loader outright.
      // (The staging tables are invisible outside the load's transaction, so the loader is found by its name.)
      const copying = `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND state = 'active' AND query LIKE 'COPY %'`;
      const deadline = Date.now() + 100_000;
      for (;;) {
        const [row] = await database.client.query<{ n: number }>(copying, [database.schema]);
        if ((row?.n ?? 0) > 0) break;
        if (loader.exitCode !== null || Date.now() > deadline)
          throw new Error("the load never reached its COPY");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      loader.kill("SIGKILL");
      await new Promise((resolve) => loader.once("exit", resolve));

      expect(await store.refresh()).toBe(false);
      expect(store.digest).toBe(digest);
      expect((await store.loadNodes(["alice"]))[0]).toMatchObject({ id: "alice" });
      expect(await store.listEntityIds()).toHaveLength(8);
      // The killed load's backend goes away with its transaction; the next load then takes the lock and runs.
      const report = await loadSeedIntoDatabase(
        database.client,
        writeSeed({ "graph.yaml": VALID_GRAPH.replace("name: Bob\n", "name: Robert\n") }),
      );
      expect(report.status).toBe("loaded");
      expect((await store.loadNodes(["bob"]))[0]).toMatchObject({ name: "Robert" });
      const staging = await database.client.query(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'next_%'",
        [database.schema],
      );
      expect(staging).toEqual([]);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  }, 180_000);
});
