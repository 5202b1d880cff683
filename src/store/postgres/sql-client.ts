/**
 * The thin SQL surface the PostgreSQL store needs, so one store runs over node-postgres (a real server) and over
 * PGlite (PostgreSQL compiled to WebAssembly, in-process, for tests): parameterised queries, multi-statement
 * scripts, COPY FROM and transactions. Nothing else.
 */

/** What runs inside and outside a transaction. */
export interface SqlSession {
  /** One statement with `$1…` parameters; rows come back with json/arrays already parsed. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
  /** `COPY table (columns) FROM STDIN` in PostgreSQL's text format, fed the given chunks of rows. */
  copyFrom(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void>;
}

/** A connection (or pool) to one database, with its graph in one schema. */
export interface SqlClient extends SqlSession {
  /** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Release the connections. */
  close(): Promise<void>;
}

/** Quote an identifier (a schema or table name) for SQL text. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The characters COPY's text format reserves (most fields have none, and are passed as they are). */
const COPY_SPECIAL = /[\\\t\n\r]/;

/** One field of a COPY text-format row: backslash escapes for the characters the format reserves; null is \N. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** Rows as COPY text, grouped into chunks of about `chunkBytes` characters so large loads stream. */
export function* copyChunks(
  rows: Iterable<ReadonlyArray<string | number | null>>,
  chunkBytes = 1 << 20,
): Generator<string> {
  let chunk: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = `${row.map(copyField).join("\t")}\n`;
    chunk.push(line);
    size += line.length;
    if (size >= chunkBytes) {
      yield chunk.join("");
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) yield chunk.join("");
}
