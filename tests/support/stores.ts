/**
 * The stores the contract suite runs over: the memory store, PostgreSQL in-process (PGlite, always), and a real
 * PostgreSQL server when DATABASE_URL is set. Each opened database store lives in a schema (or PGlite instance)
 * of its own, dropped when closed, so parallel test files never collide.
 */
import { randomBytes } from "node:crypto";
import type { GraphStore } from "../../src/graph/store.ts";
import { DEFAULT_SEED_DIR, openGraph } from "../../src/store/memory/index.ts";
import { loadSeedIntoDatabase } from "../../src/store/postgres/db-load.ts";
import { migrate } from "../../src/store/postgres/migrate.ts";
import { nodePostgresClient } from "../../src/store/postgres/node-postgres-client.ts";
import { pgliteClient } from "../../src/store/postgres/pglite-client.ts";
import { PostgresGraphStore } from "../../src/store/postgres/postgres-store.ts";
import { quoteIdentifier, type SqlClient } from "../../src/store/postgres/sql-client.ts";

/** An opened store and how to dispose of it. */
export interface OpenedStore {
  store: GraphStore;
  /** The SQL client under a database store (absent for memory). */
  client?: SqlClient;
  close(): Promise<void>;
}

/** One kind of store the suite runs over. */
export interface StoreKindUnderTest {
  name: "memory" | "pglite" | "postgres";
  /** Build the store over a seed folder (the real seed when omitted). */
  open(seedDir?: string): Promise<OpenedStore>;
}

/** A schema name no other test run uses. */
export function freshSchemaName(): string {
  return `test_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** A fresh schema on the real server at DATABASE_URL, migrated but empty; dropped by close(). */
export async function freshServerSchema(
  url: string,
): Promise<{ client: SqlClient; schema: string; close(): Promise<void> }> {
  const schema = freshSchemaName();
  const client = nodePostgresClient(url, { schema, maxConnections: 4 });
  await migrate(client, schema);
  return {
    client,
    schema,
    async close() {
      await client.exec(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      await client.close();
    },
  };
}

/** Migrate, load `seedDir` and open the store over `client`. */
async function loadedStore(
  client: SqlClient,
  schema: string,
  seedDir: string | undefined,
): Promise<PostgresGraphStore> {
  await migrate(client, schema);
  await loadSeedIntoDatabase(client, seedDir ?? DEFAULT_SEED_DIR);
  return PostgresGraphStore.open(client);
}

/** Every store kind available here: memory and PGlite always, a real server with DATABASE_URL. */
export function storeKinds(): StoreKindUnderTest[] {
  const kinds: StoreKindUnderTest[] = [
    {
      name: "memory",
      open: async (seedDir) => ({ store: openGraph(seedDir), close: async () => {} }),
    },
    {
      name: "pglite",
      async open(seedDir) {
        // PGlite is one connection, so one search_path: one instance per opened store.
        const client = await pgliteClient({ schema: "graph" });
        return { store: await loadedStore(client, "graph", seedDir), client, close: () => client.close() };
      },
    },
  ];
  const url = process.env.DATABASE_URL;
  if (url) {
    kinds.push({
      name: "postgres",
      async open(seedDir) {
        const database = await freshServerSchema(url);
        return {
          store: await loadedStore(database.client, database.schema, seedDir),
          client: database.client,
          close: database.close,
        };
      },
    });
  }
  return kinds;
}
