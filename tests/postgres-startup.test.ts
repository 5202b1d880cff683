/**
 * Bad input around the PostgreSQL store: each way a database cannot be served is refused with one line naming
 * the fix, a bad seed writes nothing, a newer database is refused, and a changed seed replaces the graph whole.
 * PGlite covers what needs no server; a real server (DATABASE_URL) covers credentials and a served round trip.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SeedValidationError } from "../src/graph/problems.ts";
import { NotFoundError } from "../src/graph/store.ts";
import { DatabaseNotReadyError, loadSeedIntoDatabase } from "../src/store/postgres/db-load.ts";
import { MigrationVersionError, migrate } from "../src/store/postgres/migrate.ts";
import { openStoreOver } from "../src/store/postgres/open.ts";
import { pgliteClientOver } from "../src/store/postgres/pglite-client.ts";
import type { SqlClient } from "../src/store/postgres/sql-client.ts";
import { closedPort, killSpawned, runEntry } from "./support/processes.ts";
import { VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";
import { freshServerSchema } from "./support/stores.ts";

const DATABASE_URL = process.env.DATABASE_URL;
const run = runEntry;

afterEach(killSpawned);

describe("npm start with STORE=postgres refuses, in one line naming the fix", () => {
  it.each([
    [{ STORE: "sqlite" }, /STORE must be memory or postgres/],
    [{ STORE: "postgres", DATABASE_URL: "" }, /needs DATABASE_URL; set it/],
  ])("%o", async (env, message) => {
    const { code, stderr } = await run("src/main.ts", [], env);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it("an unreachable database", async () => {
    const port = await closedPort();
    const { code, stderr } = await run("src/main.ts", [], {
      STORE: "postgres",
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/graph`,
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `refusing to start: cannot reach PostgreSQL at 127.0.0.1:${port}/graph (ECONNREFUSED); start the database server or fix DATABASE_URL`,
    );
  });

  it.skipIf(!DATABASE_URL)(
    "wrong credentials, a missing database, no migrations, no graph (real server)",
    async () => {
      const url = new URL(DATABASE_URL as string);
      const withUser = new URL(url);
      withUser.username = "no_such_role_sco";
      const credentials = await run("src/main.ts", [], { STORE: "postgres", DATABASE_URL: withUser.href });
      expect(credentials.stderr.trim()).toMatch(
        /^refusing to start: PostgreSQL at .* refused the credentials of user "no_such_role_sco"; fix the user and password in DATABASE_URL$/,
      );
      const noDatabase = new URL(url);
      noDatabase.pathname = "/no_such_database_sco";
      const missing = await run("src/main.ts", [], { STORE: "postgres", DATABASE_URL: noDatabase.href });
      expect(missing.stderr.trim()).toMatch(
        /the database does not exist; create it \(createdb\) or fix DATABASE_URL$/,
      );
      const unmigrated = await run("src/main.ts", [], {
        STORE: "postgres",
        DATABASE_URL: url.href,
        DATABASE_SCHEMA: "no_such_schema_sco",
      });
      expect(unmigrated.stderr.trim()).toBe(
        "refusing to start: the database is not migrated (version 0, this code needs 3); run npm run db:migrate",
      );
      const database = await freshServerSchema(url.href);
      try {
        const empty = await run("src/main.ts", [], {
          STORE: "postgres",
          DATABASE_URL: url.href,
          DATABASE_SCHEMA: database.schema,
        });
        expect(empty.stderr.trim()).toBe(
          "refusing to start: the database holds no graph; run npm run db:load [seedDir]",
        );
        for (const result of [credentials, missing, unmigrated, empty]) {
          expect(result.code).toBe(1);
          expect(result.stderr.trim().split("\n")).toHaveLength(1);
        }
      } finally {
        await database.close();
      }
    },
    120_000,
  );
});

describe("PostgreSQL store over PGlite: migrations and loads", () => {
  let pglite: Awaited<ReturnType<typeof import("@electric-sql/pglite").PGlite.create>>;
  const fixture = writeSeed({ "graph.yaml": VALID_GRAPH });

  beforeAll(async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    pglite = await PGlite.create({ extensions: { pg_trgm } });
  }, 60_000);

  afterAll(async () => {
    await pglite?.close();
  });

  /** A client on a new schema of the shared PGlite (one at a time: PGlite has one search_path). */
  async function schema(name: string): Promise<SqlClient> {
    return pgliteClientOver(pglite, name);
  }

  it("refuses to serve a schema that is not migrated, or holds no graph", async () => {
    const client = await schema("unmigrated");
    await expect(openStoreOver(client)).rejects.toMatchObject({ code: "DATABASE_NOT_MIGRATED" });
    await expect(loadSeedIntoDatabase(client, fixture)).rejects.toBeInstanceOf(DatabaseNotReadyError);
    expect(await migrate(client, "unmigrated")).toEqual([1, 2, 3]);
    expect(await migrate(client, "unmigrated")).toEqual([]);
    await expect(openStoreOver(client)).rejects.toMatchObject({
      code: "GRAPH_NOT_LOADED",
      message: "the database holds no graph; run npm run db:load [seedDir]",
    });
  });

  it("refuses a database migrated by newer code, to serve and to migrate", async () => {
    const client = await schema("newer");
    await migrate(client, "newer");
    await client.query("INSERT INTO schema_migrations (version, name) VALUES (99, 'from_the_future')");
    await expect(openStoreOver(client)).rejects.toMatchObject({
      code: "DATABASE_NEWER_THAN_CODE",
      message: expect.stringMatching(
        /migration version 99 but this code knows only up to 3; deploy the newer code/,
      ),
    });
    await expect(migrate(client, "newer")).rejects.toBeInstanceOf(MigrationVersionError);
  });

  it("writes nothing for a seed with problems, keeps an unchanged seed, replaces a changed one whole", async () => {
    const client = await schema("loads");
    await migrate(client, "loads");
    expect((await loadSeedIntoDatabase(client, fixture)).status).toBe("loaded");
    const before = await client.query("SELECT digest FROM graph_meta");
    const broken = writeSeed({ "graph.yaml": VALID_GRAPH.replace("to: forum", "to: nowhere") });
    await expect(loadSeedIntoDatabase(client, broken)).rejects.toBeInstanceOf(SeedValidationError);
    expect(await client.query("SELECT digest FROM graph_meta")).toEqual(before);
    expect((await loadSeedIntoDatabase(client, fixture)).status).toBe("unchanged");

    const store = await openStoreOver(client);
    const renamed = writeSeed({
      "graph.yaml": VALID_GRAPH.replace("name: Alice\n", "name: Alice Liddell\n"),
    });
    expect((await loadSeedIntoDatabase(client, renamed)).status).toBe("loaded");
    expect(await store.refresh()).toBe(true);
    const [alice] = await store.loadNodes(["alice"]);
    expect(alice).toMatchObject({ name: "Alice Liddell" });
    expect((await store.search("liddell"))[0]?.entityId).toBe("alice");
    const tables = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'loads' AND tablename LIKE 'next_%'",
    );
    expect(tables[0]?.n).toBe(0);
    expect((await store.loadNodes(["nobody"]))[0]).toBeInstanceOf(NotFoundError);
  });
});

describe("npm run db:load", () => {
  it("reports every problem of a bad seed with file:line before touching the database", async () => {
    const broken = writeSeed({ "graph.yaml": VALID_GRAPH.replace("to: forum", "to: nowhere") });
    const { code, stderr } = await run("src/store/postgres/cli.ts", ["load", broken], {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/graph`,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nothing loaded: the seed has 1 problem\(s\):/);
    expect(stderr).toMatch(/graph\.yaml:\d+/);
    expect(stderr).toContain("nowhere");
  });

  it("refuses without DATABASE_URL", async () => {
    const { code, stderr } = await run("src/store/postgres/cli.ts", ["migrate"], { DATABASE_URL: "" });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^DATABASE_URL is not set; set it to/);
  });
});
