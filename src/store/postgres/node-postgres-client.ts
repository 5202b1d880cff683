/** The SqlClient over node-postgres: a pool for reads, one pooled connection per transaction, COPY by stream. */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFromStream } from "pg-copy-streams";
import { quoteIdentifier, type SqlClient, type SqlSession } from "./sql-client.ts";

/** Options for a node-postgres client. */
export interface NodePostgresOptions {
  /** The schema holding the graph (search_path is set to it, then public for pg_trgm). */
  schema?: string;
  /** Most connections in the pool. */
  maxConnections?: number;
  /** Give up connecting after this many milliseconds. */
  connectTimeoutMs?: number;
}

/** Statement names by SQL text: each connection prepares a statement once and reuses its plan after. */
const statementNames = new Map<string, string>();

/** The prepared-statement name of `text` (the same text always gets the same name). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `sco_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A session over one node-postgres connection (a pool or a checked-out client). */
function sessionOver(runner: pg.Pool | pg.PoolClient): SqlSession {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query({ name: statementName(text), text, values: params as unknown[] });
      return result.rows as Row[];
    },
    async exec(script: string) {
      await runner.query(script);
    },
    async copyFrom(table, columns, chunks) {
      const client = "release" in runner ? runner : await (runner as pg.Pool).connect();
      try {
        const sql = `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(", ")}) FROM STDIN`;
        await pipeline(Readable.from(chunks), client.query(copyFromStream(sql)));
      } finally {
        if (client !== runner) (client as pg.PoolClient).release();
      }
    },
  };
}

/** Connect a pool to `url` with the graph's schema first on the search_path. */
export function nodePostgresClient(url: string, options: NodePostgresOptions = {}): SqlClient {
  const schema = options.schema ?? "public";
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    options: `-c search_path=${quoteIdentifier(schema)},public`,
  });
  // An idle connection the server closes (a restart, a terminated backend) must not crash the process.
  pool.on("error", () => {});
  return {
    ...sessionOver(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(sessionOver(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
