/**
 * The GraphStore over PostgreSQL: every batch method is one SQL statement for the whole batch, answered in key
 * order with a NotFoundError per missing key, exactly as the memory store answers. Stats are read when the store
 * opens (stats() is synchronous) and re-read by refresh() after another process loads a new graph.
 */
import {
  type Entity,
  type EntityKind,
  RELATION_TYPES,
  type Relation,
  type RelationType,
} from "../../graph/model.ts";
import {
  countOfKinds,
  type EdgeHeader,
  type EdgeKey,
  type EntityIdPage,
  type GraphStats,
  type GraphStore,
  NotFoundError,
  type SearchHit,
  type StoredSource,
} from "../../graph/store.ts";
import { loadedGraphMeta } from "./db-load.ts";
import { SEARCH_SQL, searchParameters, toSearchHits } from "./search.ts";
import type { SqlClient } from "./sql-client.ts";

const NODES_SQL = "SELECT id, body FROM entities WHERE id = ANY($1::text[])";
const RELATIONS_SQL = "SELECT id, body FROM relations WHERE id = ANY($1::text[])";
const IDS_SQL = "SELECT id FROM entities WHERE $1::text[] IS NULL OR kind = ANY($1::text[]) ORDER BY n";

/**
 * Edge headers of many (node, type, direction) keys: outgoing first, then incoming, each in seed order, as the
 * memory store lists them; a self-loop listed once under BOTH. Each half is an index-only range scan of
 * relations_out/relations_in (id and far end are INCLUDEd), and the far end's id one probe of entities_n_id; no
 * relation body is read.
 */
const EDGES_SQL = `
SELECT k.ord::int AS ord, r.side, r.id, r.type, k.node_id AS node,
  (SELECT e.id FROM entities e WHERE e.n = r.far) AS far
FROM (
  -- A scalar subquery is never turned into a join, so each key is one entities_id probe, never a scan.
  SELECT keys.node_id, keys.ord, keys.type, keys.direction,
    (SELECT e.n FROM entities e WHERE e.id = keys.node_id) AS node
  FROM unnest($1::text[], $2::smallint[], $3::text[]) WITH ORDINALITY AS keys(node_id, type, direction, ord)
) AS k
CROSS JOIN LATERAL (
  SELECT 0 AS side, r.n, r.id, r.type, r.to_n AS far FROM relations r
  WHERE k.direction <> 'INCOMING' AND r.from_n = k.node AND (k.type IS NULL OR r.type = k.type)
  UNION ALL
  SELECT 1 AS side, r.n, r.id, r.type, r.from_n AS far FROM relations r
  WHERE k.direction <> 'OUTGOING' AND r.to_n = k.node AND (k.type IS NULL OR r.type = k.type)
    AND NOT (k.direction = 'BOTH' AND r.from_n = r.to_n)
) AS r
ORDER BY k.ord, r.side, r.n`;

/**
 * A window of the seed-ordered ids of some kinds, with the counts of the graph it was read from (graph_meta, in
 * the same statement, so they describe the same load). Positions are keys: n among all entities, kind_n within one
 * kind, so either page is a keyset range scan of an index from the cursor on. Several kinds merge by n the first
 * offset + limit entries of each kind's index range: no kind is read further than the window reaches.
 */
const PAGE_ALL_SQL = `SELECT array(SELECT id FROM entities WHERE n >= $1::bigint ORDER BY n LIMIT $2) AS ids,
  (SELECT stats FROM graph_meta) AS stats`;
const PAGE_KIND_SQL = `SELECT array(
    SELECT id FROM entities WHERE kind = $3 AND kind_n >= $1::bigint ORDER BY kind_n LIMIT $2
  ) AS ids, (SELECT stats FROM graph_meta) AS stats`;
const PAGE_KINDS_SQL = `SELECT array(
    SELECT e.id FROM unnest($3::text[]) AS k(kind)
    CROSS JOIN LATERAL (
      SELECT id, n FROM entities WHERE kind = k.kind ORDER BY kind_n LIMIT $1::bigint + $2::bigint
    ) AS e
    ORDER BY e.n OFFSET $1 LIMIT $2
  ) AS ids, (SELECT stats FROM graph_meta) AS stats`;

const SOURCES_SQL = `
SELECT s.id, s.body, (
  SELECT coalesce(json_agg(json_build_object('start', p.start_offset, 'end', p.end_offset, 'index', p.idx,
    'section', p.section, 'entityIds', p.entity_ids, 'relationIds', p.relation_ids) ORDER BY p.idx), '[]'::json)
  FROM passages p WHERE p.source_n = s.n
) AS passages
FROM sources s WHERE s.id = ANY($1::text[])`;

/** A database that cannot be served from: says what is wrong and which command fixes it. */
export class GraphNotLoadedError extends Error {
  readonly code = "GRAPH_NOT_LOADED";
}

/** The GraphStore over a migrated, loaded PostgreSQL schema. */
export class PostgresGraphStore implements GraphStore {
  private constructor(
    private readonly db: SqlClient,
    private meta: { digest: string; stats: GraphStats },
  ) {}

  /** Open over a client whose schema holds a loaded graph; throws GraphNotLoadedError when it holds none. */
  static async open(db: SqlClient): Promise<PostgresGraphStore> {
    const meta = await loadedGraphMeta(db);
    if (!meta) throw new GraphNotLoadedError("the database holds no graph; run npm run db:load [seedDir]");
    return new PostgresGraphStore(db, meta);
  }

  /** The content digest of the graph this store last saw loaded. */
  get digest(): string {
    return this.meta.digest;
  }

  /** Re-read the loaded graph's digest and stats; true when another load replaced the graph since. */
  async refresh(): Promise<boolean> {
    const meta = await loadedGraphMeta(this.db);
    if (!meta || meta.digest === this.meta.digest) return false;
    this.meta = meta;
    return true;
  }

  async loadNodes(ids: readonly string[]): Promise<Array<Entity | NotFoundError>> {
    const rows = await this.db.query<{ id: string; body: Entity }>(NODES_SQL, [ids]);
    const found = new Map(rows.map((row) => [row.id, row.body]));
    return ids.map((id) => found.get(id) ?? new NotFoundError("entity", id));
  }

  async loadRelations(ids: readonly string[]): Promise<Array<Relation | NotFoundError>> {
    const rows = await this.db.query<{ id: string; body: Relation }>(RELATIONS_SQL, [ids]);
    const found = new Map(rows.map((row) => [row.id, row.body]));
    return ids.map((id) => found.get(id) ?? new NotFoundError("relation", id));
  }

  async loadEdges(keys: readonly EdgeKey[]): Promise<EdgeHeader[][]> {
    const rows = await this.db.query<{
      ord: number;
      side: number;
      id: string;
      type: number;
      node: string;
      far: string;
    }>(EDGES_SQL, [
      keys.map((key) => key.nodeId),
      keys.map((key) => (key.type === null ? null : RELATION_TYPES.indexOf(key.type))),
      keys.map((key) => key.direction),
    ]);
    const edges: EdgeHeader[][] = keys.map(() => []);
    for (const row of rows) {
      const type = RELATION_TYPES[row.type] as RelationType;
      const [from, to] = row.side === 0 ? [row.node, row.far] : [row.far, row.node];
      edges[row.ord - 1]?.push({ id: row.id, type, from, to });
    }
    return edges;
  }

  async loadSources(ids: readonly string[]): Promise<Array<StoredSource | NotFoundError>> {
    const rows = await this.db.query<{
      id: string;
      body: Omit<StoredSource, "passages">;
      passages: StoredSource["passages"];
    }>(SOURCES_SQL, [ids]);
    const found = new Map(rows.map((row) => [row.id, { ...row.body, passages: row.passages }]));
    return ids.map((id) => found.get(id) ?? new NotFoundError("source", id));
  }

  async listEntityIds(kinds: readonly EntityKind[] = []): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(IDS_SQL, [kinds.length > 0 ? kinds : null]);
    return rows.map((row) => row.id);
  }

  async pageEntityIds(kinds: readonly EntityKind[], offset: number, limit: number): Promise<EntityIdPage> {
    const distinct = [...new Set(kinds)];
    const [sql, parameters] =
      distinct.length === 0
        ? [PAGE_ALL_SQL, [offset, limit]]
        : distinct.length === 1
          ? [PAGE_KIND_SQL, [offset, limit, distinct[0]]]
          : [PAGE_KINDS_SQL, [offset, limit, distinct]];
    const [row] = await this.db.query<{ ids: string[]; stats: GraphStats | null }>(sql, parameters);
    // No graph_meta row means the graph was dropped under us: an empty list, not a crash.
    return { ids: row?.ids ?? [], total: row?.stats ? countOfKinds(row.stats, distinct) : 0 };
  }

  async search(query: string, kinds: readonly EntityKind[] = []): Promise<SearchHit[]> {
    const [words, kindList] = searchParameters(query, kinds);
    if (words.length === 0) return [];
    return toSearchHits(await this.db.query<SearchHit>(SEARCH_SQL, [words, kindList]));
  }

  stats(): GraphStats {
    return this.meta.stats;
  }
}
