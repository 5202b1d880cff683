/**
 * Full-text search in SQL: a weighted tsvector per entity (name and aliases A, statement B, description C, cited
 * sentences D) under a GIN index. Each query word is widened, through the `search_terms` lexicon, to indexed
 * words it starts (prefix: "chongq" → chongqing) and to words a trigram similarity away (typos: "vacine" →
 * vaccine, for words of 4+ characters); words combine with AND, falling back to OR when AND finds nothing, as
 * the memory store's search does. Snippets come from ts_headline over the best field that matches.
 */
import type { EntityKind } from "../../graph/model.ts";
import { type SearchHit, SNIPPET_MARK } from "../../graph/store.ts";

/** At most this many distinct query words count, and longer words are dropped (as in the memory store). */
const MAX_QUERY_TERMS = 16;
const MAX_TERM_LENGTH = 40;
/** The best hits returned: ranking and snippets are computed only for these. */
export const MAX_SEARCH_HITS = 250;

/** Lower-cased runs of letters and digits: how both the lexicon and queries are cut into words. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && word.length <= MAX_TERM_LENGTH);
}

/** The query's words, distinct, at most MAX_QUERY_TERMS. */
export function searchWords(query: string): string[] {
  return [...new Set(wordsOf(query))].slice(0, MAX_QUERY_TERMS);
}

const HEADLINE_OPTIONS = `StartSel=${SNIPPET_MARK.open}, StopSel=${SNIPPET_MARK.close}, MinWords=12, MaxWords=35, ShortWord=2`;

/**
 * One statement: $1 the words, $2 the kinds (null = all). Candidates per word from the lexicon; the AND query
 * when every word has one, else the OR query; ranked hits with the field, snippet and matched words.
 */
export const SEARCH_SQL = `
WITH words AS (
  SELECT w.word, w.ord FROM unnest($1::text[]) WITH ORDINALITY AS w(word, ord)
),
candidates AS (
  SELECT DISTINCT words.ord, c.term FROM words CROSS JOIN LATERAL (
    (SELECT term FROM search_terms WHERE term = words.word)
    UNION ALL
    (SELECT term FROM search_terms
      WHERE term LIKE replace(replace(replace(words.word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
      ORDER BY length(term), term LIMIT 20)
    UNION ALL
    (SELECT term FROM search_terms
      WHERE length(words.word) >= 4 AND term % words.word AND similarity(term, words.word) >= 0.4
      ORDER BY term <-> words.word, term LIMIT 5)
  ) AS c
),
per_word AS (
  SELECT ord, '(' || string_agg(term, ' | ') || ')' AS alternatives FROM candidates GROUP BY ord
),
query AS (
  SELECT
    CASE WHEN count(*) = (SELECT count(*) FROM words)
      THEN to_tsquery('english', string_agg(alternatives, ' & ')) END AS all_words,
    to_tsquery('english', string_agg(alternatives, ' | ')) AS any_word
  FROM per_word HAVING count(*) > 0
),
and_hits AS (
  SELECT e.n, ts_rank(e.search, query.all_words) + ts_rank(e.name_search, query.all_words, 2) AS score, query.all_words AS q
  FROM entities e, query
  WHERE query.all_words IS NOT NULL AND e.search @@ query.all_words AND ($2::text[] IS NULL OR e.kind = ANY($2))
),
hits AS (
  SELECT * FROM and_hits
  UNION ALL
  SELECT e.n, ts_rank(e.search, query.any_word) + ts_rank(e.name_search, query.any_word, 2), query.any_word
  FROM entities e, query
  WHERE NOT EXISTS (SELECT 1 FROM and_hits) AND e.search @@ query.any_word
    AND ($2::text[] IS NULL OR e.kind = ANY($2))
),
best AS (
  SELECT * FROM hits ORDER BY score DESC, n LIMIT ${MAX_SEARCH_HITS}
),
fielded AS (
  SELECT best.n, best.score, best.q, e.id,
    CASE
      WHEN to_tsvector('english', e.name) @@ best.q THEN 'name'
      WHEN to_tsvector('english', e.aliases) @@ best.q THEN 'aliases'
      WHEN to_tsvector('english', e.statement) @@ best.q THEN 'statement'
      WHEN to_tsvector('english', e.description) @@ best.q THEN 'description'
      WHEN to_tsvector('english', e.sentences) @@ best.q THEN 'sentences'
      ELSE 'name'
    END AS field,
    e.name, e.aliases, e.statement, e.description, e.sentences, e.search
  FROM best JOIN entities e ON e.n = best.n
)
SELECT id AS "entityId", score::float8 AS score, field,
  ts_headline('english',
    CASE field WHEN 'name' THEN name WHEN 'aliases' THEN aliases WHEN 'statement' THEN statement
      WHEN 'description' THEN description ELSE sentences END,
    q, '${HEADLINE_OPTIONS}') AS snippet,
  ARRAY(SELECT DISTINCT c.term FROM candidates c
    WHERE search @@ to_tsquery('english', c.term) ORDER BY c.term) AS "matchedTerms"
FROM fielded ORDER BY score DESC, n
`;

/** The parameters of SEARCH_SQL for a query and a kinds filter. */
export function searchParameters(query: string, kinds: readonly EntityKind[]): [string[], string[] | null] {
  return [searchWords(query), kinds.length > 0 ? [...kinds] : null];
}

/** Rows of SEARCH_SQL as hits (their columns already carry the SearchHit names). */
export function toSearchHits(rows: SearchHit[]): SearchHit[] {
  return rows.map((row) => ({
    entityId: row.entityId,
    score: row.score,
    snippet: row.snippet,
    matchedTerms: row.matchedTerms,
    field: row.field,
  }));
}
