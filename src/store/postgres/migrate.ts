/**
 * Versioned migrations: `migrations/NNN_name.sql`, applied in order, each in its own transaction and recorded in
 * `schema_migrations`. A database whose recorded version is newer than the newest file here is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { quoteIdentifier, type SqlClient, type SqlSession } from "./sql-client.ts";

/**
 * The folder of migration files shipped with the code, always read from src/: this module runs from src/ (tsx) or
 * from its compiled copy in dist/ (npm start), both three levels below the project root, and the build copies
 * only JavaScript.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL("../../../src/store/postgres/migrations/", import.meta.url));

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this code, in version order. */
export function shippedMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(`${dir}/${file}`, "utf8"),
    }));
}

/** The newest migration version this code knows. */
export function codeVersion(migrations: readonly Migration[] = shippedMigrations()): number {
  return migrations.at(-1)?.version ?? 0;
}

/** A database at a migration version this code cannot serve. */
export class MigrationVersionError extends Error {
  readonly code = "DATABASE_NEWER_THAN_CODE";
}

/** Serialises migrations of every schema in one database (CREATE EXTENSION is database-wide). */
const MIGRATION_LOCK = 0x5c0_2020;

/** The highest version recorded in the schema, or 0 when it was never migrated. */
export async function databaseVersion(db: SqlSession): Promise<number> {
  const [table] = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!table?.exists) return 0;
  const [row] = await db.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM schema_migrations",
  );
  return row?.version ?? 0;
}

/** Apply every migration not yet applied to `schema`, each in one transaction; returns the versions applied. */
export async function migrate(
  db: SqlClient,
  schema: string,
  migrations: readonly Migration[] = shippedMigrations(),
): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)};
        SET LOCAL search_path TO ${quoteIdentifier(schema)}, public;
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const current = await databaseVersion(tx);
      const known = codeVersion(migrations);
      if (current > known) {
        throw new MigrationVersionError(
          `the database is at migration version ${current} but this code knows only up to ${known}; deploy the newer code or point DATABASE_URL at another database`,
        );
      }
      const [seen] = await tx.query("SELECT 1 FROM schema_migrations WHERE version = $1", [
        migration.version,
      ]);
      if (seen) return false;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
