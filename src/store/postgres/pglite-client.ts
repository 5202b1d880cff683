/** The SqlClient over PGlite (PostgreSQL in WebAssembly, in-process): tests and benchmarks run with no server. */
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { quoteIdentifier, type SqlClient, type SqlSession } from "./sql-client.ts";

type Runner = PGlite | Transaction;

/** A session over PGlite or one of its transactions; COPY reads its rows from a Blob (PGlite's /dev/blob). */
function sessionOver(runner: Runner): SqlSession {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await runner.exec(script);
    },
    async copyFrom(table, columns, chunks) {
      const sql = `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(", ")}) FROM '/dev/blob'`;
      await runner.query(sql, [], { blob: new Blob([...chunks]) });
    },
  };
}

/** A PGlite database (in memory, or in `dataDir`) with pg_trgm loaded and `schema` first on the search_path. */
export async function pgliteClient(options: { schema?: string; dataDir?: string } = {}): Promise<SqlClient> {
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
  return pgliteClientOver(db, options.schema);
}

/** A client over an existing PGlite database, switched to `schema` (PGlite has one connection, so one schema). */
export async function pgliteClientOver(db: PGlite, schema = "public"): Promise<SqlClient> {
  await db.exec(`SET search_path TO ${quoteIdentifier(schema)}, public`);
  return {
    ...sessionOver(db),
    transaction: (work) => db.transaction((tx) => work(sessionOver(tx))),
    close: () => db.close(),
  };
}
