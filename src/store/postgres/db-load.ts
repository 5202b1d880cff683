/**
 * `db:load`: validate a seed with the domain loader (nothing is written on any problem), then COPY it into
 * staging tables (next_*) and swap them in within the same transaction, so a reader sees the old graph or the
 * new one, never half. A killed load rolls back with its transaction. An unchanged seed (same content digest)
 * writes nothing.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSeed } from "../../graph/load.ts";
import { RELATION_TYPES } from "../../graph/model.ts";
import { type GraphStats, NotFoundError, type StoredSource } from "../../graph/store.ts";
import { MemoryGraphStore } from "../memory/memory-store.ts";
import { codeVersion, databaseVersion } from "./migrate.ts";
import { wordsOf } from "./search.ts";
import { copyChunks, quoteIdentifier, type SqlClient, type SqlSession } from "./sql-client.ts";

/** The tables a load replaces, with the columns COPY fills (graph_meta is updated, not replaced). */
const GRAPH_TABLES = {
  entities: ["n", "id", "kind", "body", "name", "aliases", "statement", "description", "sentences", "kind_n"],
  relations: ["n", "id", "type", "from_n", "to_n", "body"],
  sources: ["n", "id", "body"],
  passages: ["source_n", "idx", "start_offset", "end_offset", "section", "entity_ids", "relation_ids"],
  search_terms: ["term"],
} as const;
type GraphTable = keyof typeof GRAPH_TABLES;
const TABLE_NAMES = Object.keys(GRAPH_TABLES) as GraphTable[];

/** Serialises loads into one schema (the key names the schema: loads into others go on in parallel). */
const LOAD_LOCK = "sco-graph-load:";

/** A load that cannot start: the database is not migrated to this code's version. */
export class DatabaseNotReadyError extends Error {
  readonly code = "DATABASE_NOT_MIGRATED";
}

/** What a load did. */
export interface LoadReport {
  status: "loaded" | "unchanged";
  digest: string;
  entities: number;
  relations: number;
  /** Milliseconds spent validating the seed, and writing it (0 when unchanged). */
  validateMs: number;
  writeMs: number;
}

/** SHA-256 over every file under the seed folder (relative path and bytes) and the schema version. */
export function seedDigest(seedDir: string, schemaVersion: number): string {
  const hash = createHash("sha256").update(`schema ${schemaVersion}\n`);
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile())
        hash.update(`${prefix}${entry.name}\n`).update(readFileSync(path)).update("\n");
    }
  };
  walk(seedDir, "");
  return hash.digest("hex");
}

/** PostgreSQL's text form of a text[] value. */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/**
 * Validate `seedDir` and replace the graph in the client's schema with it; throws SeedValidationError (nothing
 * written) on a bad seed and DatabaseNotReadyError when the schema is not at this code's migration version.
 */
export async function loadSeedIntoDatabase(db: SqlClient, seedDir: string): Promise<LoadReport> {
  const started = performance.now();
  const loaded = loadSeed(seedDir);
  const validateMs = performance.now() - started;
  const version = await databaseVersion(db);
  if (version !== codeVersion()) {
    throw new DatabaseNotReadyError(
      `the database is at migration version ${version}, this code needs ${codeVersion()}; run npm run db:migrate first`,
    );
  }
  const digest = seedDigest(seedDir, version);
  const counts = { entities: loaded.entities.length, relations: loaded.relations.length };
  const [current] = await db.query<{ digest: string }>("SELECT digest FROM graph_meta");
  if (current?.digest === digest) return { status: "unchanged", digest, ...counts, validateMs, writeMs: 0 };

  const writeStarted = performance.now();
  // The memory store computes the passage index (sentence -> citing facts) and the stats the same way the
  // embedded default does, so both stores answer alike.
  const memory = new MemoryGraphStore(loaded);
  const stats = memory.stats();
  const sources = memory
    .loadSources(loaded.sources.map((s) => s.id))
    .filter((s): s is StoredSource => !(s instanceof NotFoundError));
  const entityNumber = new Map(loaded.entities.map((entity, n) => [entity.id, n]));
  const citedSentences = new Map<string, string[]>();
  for (const source of sources) {
    for (const passage of source.passages) {
      const sentence = source.text.slice(passage.start, passage.end);
      for (const id of passage.entityIds) {
        const list = citedSentences.get(id) ?? [];
        list.push(sentence);
        citedSentences.set(id, list);
      }
    }
  }

  const lexicon = new Set<string>();
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1 || current_schema()))", [LOAD_LOCK]);
    // Index builds (the GIN ones above all) sort in memory up to this bound instead of spilling to disk.
    await tx.exec("SET LOCAL maintenance_work_mem = '256MB'");
    for (const table of TABLE_NAMES) {
      await tx.exec(`DROP TABLE IF EXISTS next_${table};
        CREATE TABLE next_${table} (LIKE ${table} INCLUDING DEFAULTS INCLUDING GENERATED)`);
    }
    await tx.copyFrom(
      "next_sources",
      GRAPH_TABLES.sources,
      copyChunks(sources.map((s, n) => [n, s.id, JSON.stringify(withoutPassages(s))])),
    );
    await tx.copyFrom(
      "next_passages",
      GRAPH_TABLES.passages,
      copyChunks(
        (function* () {
          for (const [n, s] of sources.entries()) {
            for (const p of s.passages) {
              yield [n, p.index, p.start, p.end, p.section, textArray(p.entityIds), textArray(p.relationIds)];
            }
          }
        })(),
      ),
    );
    await tx.copyFrom(
      "next_entities",
      GRAPH_TABLES.entities,
      copyChunks(
        (function* () {
          const positionInKind = new Map<string, number>();
          for (const [n, e] of loaded.entities.entries()) {
            const kindN = positionInKind.get(e.kind) ?? 0;
            positionInKind.set(e.kind, kindN + 1);
            const statement = e.kind === "COMMITMENT" ? e.statement : "";
            const sentences = citedSentences.get(e.id)?.join(" ") ?? "";
            const aliases = e.aliases.join("; ");
            for (const text of [e.name, aliases, statement, e.description, sentences])
              addWords(lexicon, text);
            yield [
              n,
              e.id,
              e.kind,
              JSON.stringify(e),
              e.name,
              e.aliases.join("; "),
              statement,
              e.description,
              sentences,
              kindN,
            ];
          }
        })(),
      ),
    );
    await tx.copyFrom(
      "next_relations",
      GRAPH_TABLES.relations,
      copyChunks(
        (function* () {
          for (const [n, r] of loaded.relations.entries()) {
            const from = entityNumber.get(r.from) as number;
            const to = entityNumber.get(r.to) as number;
            yield [n, r.id, RELATION_TYPES.indexOf(r.type), from, to, JSON.stringify(r)];
          }
        })(),
      ),
    );
    await tx.copyFrom("next_search_terms", ["term"], copyChunks([...lexicon].map((term) => [term])));
    await swapIn(tx);
    await tx.exec("DELETE FROM graph_meta");
    await tx.query("INSERT INTO graph_meta (digest, stats) VALUES ($1, $2)", [digest, JSON.stringify(stats)]);
  });
  // VACUUM (not only ANALYZE) sets the new tables' visibility map, without which an index-only scan (edge
  // batches) still visits the heap; it cannot run inside a transaction, so one statement per table.
  for (const table of TABLE_NAMES) await db.exec(`VACUUM (ANALYZE) ${table}`);
  return { status: "loaded", digest, ...counts, validateMs, writeMs: performance.now() - writeStarted };
}

/** Add the words of `text` (as queries are cut, at least 2 characters) to the search lexicon. */
function addWords(lexicon: Set<string>, text: string): void {
  for (const word of wordsOf(text)) if (word.length >= 2) lexicon.add(word);
}

/** A held source without its passages, which live in their own table. */
function withoutPassages(source: StoredSource): Omit<StoredSource, "passages"> {
  const { passages: _passages, ...rest } = source;
  return rest;
}

/**
 * Build on each next_* table the indexes its live table has (as migrations defined them), then replace the live
 * tables by the copies, indexes renamed to their live names. Runs inside the load's transaction: the live tables
 * are locked only from here to COMMIT.
 */
async function swapIn(tx: SqlSession): Promise<void> {
  const indexes = await tx.query<{ indexname: string; tablename: string; indexdef: string }>(
    "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)",
    [TABLE_NAMES],
  );
  for (const index of indexes) {
    const definition = index.indexdef.replace(
      /^(CREATE (?:UNIQUE )?INDEX) \S+ ON (?:\S+\.)?\S+ /,
      `$1 ${quoteIdentifier(`next_${index.indexname}`)} ON next_${index.tablename} `,
    );
    await tx.exec(definition);
  }
  await tx.exec(`LOCK TABLE ${TABLE_NAMES.join(", ")} IN ACCESS EXCLUSIVE MODE`);
  for (const table of TABLE_NAMES) {
    await tx.exec(`DROP TABLE ${table}; ALTER TABLE next_${table} RENAME TO ${table}`);
  }
  for (const index of indexes) {
    await tx.exec(
      `ALTER INDEX ${quoteIdentifier(`next_${index.indexname}`)} RENAME TO ${quoteIdentifier(index.indexname)}`,
    );
  }
}

/** The stats recorded by the last load, or null when the schema holds no graph. */
export async function loadedGraphMeta(db: SqlSession): Promise<{ digest: string; stats: GraphStats } | null> {
  const [row] = await db.query<{ digest: string; stats: GraphStats }>("SELECT digest, stats FROM graph_meta");
  return row ?? null;
}
