/**
 * Open the PostgreSQL store for a server: connect, check the migration version and that a graph is loaded, and
 * turn every way this can fail into one line that names the fix.
 */
import { StoreStartupError } from "./errors.ts";
import { codeVersion, databaseVersion } from "./migrate.ts";
import { nodePostgresClient } from "./node-postgres-client.ts";
import { GraphNotLoadedError, PostgresGraphStore } from "./postgres-store.ts";
import type { SqlClient } from "./sql-client.ts";

/** Where DATABASE_URL points, without its password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}:${parsed.port || 5432}${parsed.pathname || ""}`;
  } catch {
    return "DATABASE_URL";
  }
}

/** Translate a connection error into a StoreStartupError naming the fix, or undefined when it is not one. */
export function connectionProblem(error: unknown, url: string): StoreStartupError | undefined {
  const where = describeDatabase(url);
  const code = (error as { code?: string }).code ?? "";
  const user = (() => {
    try {
      return decodeURIComponent(new URL(url).username) || "(default user)";
    } catch {
      return "(default user)";
    }
  })();
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN"].includes(code)) {
    return new StoreStartupError(
      `cannot reach PostgreSQL at ${where} (${code}); start the database server or fix DATABASE_URL`,
      "DATABASE_UNREACHABLE",
    );
  }
  if (/timeout/i.test((error as Error).message ?? "")) {
    return new StoreStartupError(
      `cannot reach PostgreSQL at ${where} (connection timed out); start the database server or fix DATABASE_URL`,
      "DATABASE_UNREACHABLE",
    );
  }
  if (code === "28P01" || code === "28000") {
    return new StoreStartupError(
      `PostgreSQL at ${where} refused the credentials of user "${user}"; fix the user and password in DATABASE_URL`,
      "DATABASE_CREDENTIALS",
    );
  }
  if (code === "3D000") {
    return new StoreStartupError(
      `PostgreSQL at ${where}: the database does not exist; create it (createdb) or fix DATABASE_URL`,
      "DATABASE_MISSING",
    );
  }
  return undefined;
}

/** Check that the client's schema is migrated to exactly this code's version and holds a graph, then open it. */
export async function openStoreOver(db: SqlClient): Promise<PostgresGraphStore> {
  const version = await databaseVersion(db);
  const known = codeVersion();
  if (version > known) {
    throw new StoreStartupError(
      `the database is at migration version ${version} but this code knows only up to ${known}; deploy the newer code or point DATABASE_URL at another database`,
      "DATABASE_NEWER_THAN_CODE",
    );
  }
  if (version < known) {
    throw new StoreStartupError(
      `the database is not migrated (version ${version}, this code needs ${known}); run npm run db:migrate`,
      "DATABASE_NOT_MIGRATED",
    );
  }
  try {
    return await PostgresGraphStore.open(db);
  } catch (error) {
    if (error instanceof GraphNotLoadedError) throw new StoreStartupError(error.message, error.code);
    throw error;
  }
}

/** Connect to `url` (graph in `schema`) and open the store; every failure is a StoreStartupError. */
export async function openPostgresStore(
  url: string,
  schema = "public",
): Promise<{ store: PostgresGraphStore; client: SqlClient }> {
  const client = nodePostgresClient(url, { schema });
  try {
    return { store: await openStoreOver(client), client };
  } catch (error) {
    await client.close().catch(() => {});
    throw connectionProblem(error, url) ?? error;
  }
}
