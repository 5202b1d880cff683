-- The graph's tables. Loads never write these in place: db:load fills copies (next_*) and swaps them in with one
-- transaction, recreating every index listed here on the copies, so an index added by a later migration is kept.
-- Unique indexes stand in for primary keys for the same reason (an index moves with a renamed table by name).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- What is loaded: one row, written by the swap.
CREATE TABLE graph_meta (
  singleton boolean NOT NULL DEFAULT true CHECK (singleton),
  digest text NOT NULL,
  stats json NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX graph_meta_singleton ON graph_meta (singleton);

-- Entities in seed order (n); body is the loaded entity as JSON text (json keeps key order, so answers are
-- byte-identical to the memory store's). The search columns feed a weighted tsvector.
CREATE TABLE entities (
  n integer NOT NULL,
  id text NOT NULL,
  kind text NOT NULL,
  body json NOT NULL,
  name text NOT NULL,
  aliases text NOT NULL,
  statement text NOT NULL,
  description text NOT NULL,
  sentences text NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, name), 'A') ||
    setweight(to_tsvector('english'::regconfig, aliases), 'A') ||
    setweight(to_tsvector('english'::regconfig, statement), 'B') ||
    setweight(to_tsvector('english'::regconfig, description), 'C') ||
    setweight(to_tsvector('english'::regconfig, sentences), 'D')
  ) STORED,
  -- Name and aliases alone: ranked by length too, so an exact short name outranks a long one that contains it.
  name_search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, name || ' ' || aliases)) STORED
);
CREATE UNIQUE INDEX entities_id ON entities (id) INCLUDE (n);
CREATE UNIQUE INDEX entities_n ON entities (n);
CREATE INDEX entities_kind ON entities (kind, n);
CREATE INDEX entities_search ON entities USING gin (search);

-- Relations in seed order (n); endpoints by integer surrogate (entities.n) and type by its position in
-- RELATION_TYPES, which keeps the two edge indexes small. body is the loaded relation as JSON text.
CREATE TABLE relations (
  n integer NOT NULL,
  id text NOT NULL,
  type smallint NOT NULL,
  from_n integer NOT NULL,
  to_n integer NOT NULL,
  body json NOT NULL
);
CREATE UNIQUE INDEX relations_id ON relations (id);
CREATE INDEX relations_out ON relations (from_n, type, n) INCLUDE (to_n, id);
CREATE INDEX relations_in ON relations (to_n, type, n) INCLUDE (from_n, id);

-- Held sources: body holds the metadata, verbatim text, sections and sentence spans.
CREATE TABLE sources (
  n integer NOT NULL,
  id text NOT NULL,
  body json NOT NULL
);
CREATE UNIQUE INDEX sources_id ON sources (id);

-- The passage index: each sentence of a source with the entities and relations whose evidence cites it.
CREATE TABLE passages (
  source_n integer NOT NULL,
  idx integer NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  section text,
  entity_ids text[] NOT NULL,
  relation_ids text[] NOT NULL
);
CREATE UNIQUE INDEX passages_source ON passages (source_n, idx);

-- Every distinct word of the searched text (written by db:load), for prefix matching and typo correction by
-- trigram similarity.
CREATE TABLE search_terms (
  term text NOT NULL
);
CREATE UNIQUE INDEX search_terms_term ON search_terms (term text_pattern_ops);
CREATE INDEX search_terms_trgm ON search_terms USING gin (term gin_trgm_ops);
