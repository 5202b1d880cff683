/**
 * Search over whole graphs (the real seed and a generated 10⁴-relation one), for a broad query corpus: names,
 * aliases, prefixes, typos, possessives, plurals, multi-word queries and nonsense, with and without kind filters.
 * Checks what would break if the compact index dropped or mis-scored a hit, or rebuilt a snippet from the wrong
 * text; and that CompactMiniSearch answers exactly as a stock MiniSearch with the same options.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSeed } from "../bench/generate-seed.ts";
import type { Entity, EntityKind } from "../src/graph/model.ts";
import { NotFoundError, type SearchHit, SNIPPET_MARK, sentenceAt } from "../src/graph/store.ts";
import { openGraph } from "../src/store/memory/index.ts";
import type { MemoryGraphStore } from "../src/store/memory/memory-store.ts";
import { CompactMiniSearch, type IndexedDoc, miniSearchOptions } from "../src/store/memory/search.ts";

/** Queries per graph: enough to cover every kind of query, few enough to keep the test quick. */
const QUERIES_PER_GRAPH = 240;
const KIND_FILTERS: EntityKind[][] = [["PERSON"], ["COMMITMENT"], ["PLACE", "ORGANIZATION"]];
const MARKED = /<mark>(.*?)<\/mark>/g;

const plain = (snippet: string) =>
  snippet.replaceAll(SNIPPET_MARK.open, "").replaceAll(SNIPPET_MARK.close, "");
const marked = (snippet: string) => [...snippet.matchAll(MARKED)].map((match) => match[1] ?? "");
const wordsOf = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

function allEntities(store: MemoryGraphStore): Entity[] {
  return store.loadNodes(store.listEntityIds()).map((node) => {
    if (node instanceof NotFoundError) throw node;
    return node;
  });
}

/** Every `step`-th element, so the corpus samples every part of the graph. */
function sample<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, items.length / count);
  const picked: T[] = [];
  for (let at = 0; at < items.length && picked.length < count; at += step)
    picked.push(items[Math.floor(at)] as T);
  return picked;
}

/** Names, aliases, prefixes, one-letter typos, possessives, plurals, hyphenated and accented words, nonsense. */
function queryCorpus(entities: readonly Entity[]): string[] {
  const queries = new Set<string>([
    "qqzzxxq",
    "Chongqing qqzzxxq",
    "China’s",
    "COVID-19 vaccines",
    "e-commerce",
  ]);
  for (const entity of sample(entities, QUERIES_PER_GRAPH / 8)) {
    queries.add(entity.name);
    for (const alias of entity.aliases.slice(0, 2)) queries.add(alias);
    for (const word of wordsOf(entity.name).slice(0, 2)) {
      queries.add(word.slice(0, 3 + (word.length % 4)));
      if (word.length >= 5) {
        const middle = Math.floor(word.length / 2);
        queries.add(`${word.slice(0, middle)}${word[middle] === "x" ? "y" : "x"}${word.slice(middle + 1)}`);
      }
      queries.add(`${word}’s`);
      queries.add(`${word}s`);
    }
    queries.add(wordsOf(entity.description).slice(0, 3).join(" "));
  }
  return [...queries].filter((query) => query.trim() !== "");
}

/** The texts a hit's snippet may quote: its field, or for `sentences` each passage its evidence cites. */
function quotable(store: MemoryGraphStore, entity: Entity, field: string): string[] {
  switch (field) {
    case "name":
      return [entity.name];
    case "aliases":
      return [entity.aliases.join("; ")];
    case "statement":
      return entity.kind === "COMMITMENT" ? [entity.statement] : [];
    case "description":
      return [entity.description];
    case "sentences":
      return citedPassages(store, entity);
    default:
      return [];
  }
}

/** The runs of whole sentences the entity's evidence quotes fall in (overlapping runs merged), per source. */
function citedPassages(store: MemoryGraphStore, entity: Entity): string[] {
  const passages: string[] = [];
  for (const source of store.loadSources([
    ...new Set(entity.evidence.map((evidence) => evidence.sourceId)),
  ])) {
    if (source instanceof NotFoundError) continue;
    const spans = entity.evidence
      .filter((evidence) => evidence.sourceId === source.id)
      .map((evidence) => ({
        start: sentenceAt(source, evidence.start).start,
        end: sentenceAt(source, Math.max(evidence.start, evidence.end - 1)).end,
      }))
      .sort((a, b) => a.start - b.start);
    let run = spans[0];
    for (const span of spans.slice(1)) {
      if (run && span.start <= run.end) run.end = Math.max(run.end, span.end);
      else {
        if (run) passages.push(source.text.slice(run.start, run.end));
        run = span;
      }
    }
    if (run) passages.push(source.text.slice(run.start, run.end));
  }
  return passages;
}

/** Check one query's hits against the properties every answer has. */
function checkHits(
  store: MemoryGraphStore,
  byId: ReadonlyMap<string, Entity>,
  query: string,
  hits: SearchHit[],
) {
  for (const [position, hit] of hits.entries()) {
    const context = `${query} → #${position} ${hit.entityId}.${hit.field}: ${hit.snippet}`;
    const entity = byId.get(hit.entityId);
    expect(entity, context).toBeDefined();
    if (!entity) continue;
    if (position > 0) expect(hit.score, context).toBeLessThanOrEqual(hits[position - 1]?.score ?? 0);
    expect(hit.score, context).toBeGreaterThan(0);
    expect(hit.matchedTerms.length, context).toBeGreaterThan(0);
    const words = marked(hit.snippet);
    expect(words.length, context).toBeGreaterThan(0);
    // A marked word (or a hyphenated word's marked part) is one the index turned into a matched term.
    for (const word of words) {
      const folded = word
        .normalize("NFKD")
        .replace(/\p{M}/gu, "")
        .toLowerCase()
        .replace(/['’]s$/, "")
        .replace(/['’]/g, "");
      const forms = [folded, folded.replace(/(ies)$/, "y"), folded.replace(/(es|s)$/, "")];
      expect(
        hit.matchedTerms.some((term) => forms.some((form) => term === form || term.startsWith(form))),
        context,
      ).toBe(true);
    }
    const text = plain(hit.snippet);
    expect(text.length, context).toBeLessThanOrEqual(202);
    const body = text.replace(/^…/, "").replace(/…$/, "");
    const texts = quotable(store, entity, hit.field);
    for (const piece of hit.field === "sentences" ? body.split(" … ") : [body]) {
      expect(
        texts.some((haystack) => haystack.includes(piece)),
        context,
      ).toBe(true);
    }
  }
}

function checkGraph(store: MemoryGraphStore) {
  const entities = allEntities(store);
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const queries = queryCorpus(entities);
  expect(queries.length).toBeGreaterThan(QUERIES_PER_GRAPH / 4);
  let hitCount = 0;
  for (const [index, query] of queries.entries()) {
    const hits = store.search(query);
    hitCount += hits.length;
    checkHits(store, byId, query, hits);
    const kinds = KIND_FILTERS[index % KIND_FILTERS.length] as EntityKind[];
    const filtered = store.search(query, kinds);
    checkHits(store, byId, query, filtered);
    for (const hit of filtered) expect(kinds).toContain(byId.get(hit.entityId)?.kind);
    // Scores do not depend on the filter: when unfiltered hits of those kinds exist, they are the filtered hits.
    const expected = hits.filter((hit) => kinds.includes(byId.get(hit.entityId)?.kind as EntityKind));
    if (expected.length > 0) expect(filtered).toEqual(expected);
  }
  expect(hitCount).toBeGreaterThan(queries.length);
  // An entity's exact name finds it, matched on its name.
  for (const entity of sample(entities, QUERIES_PER_GRAPH / 4)) {
    const hits = store.search(entity.name);
    const hit = hits.find((candidate) => candidate.entityId === entity.id);
    expect(hit, entity.name).toBeDefined();
    expect(hit?.field, entity.name).toBe("name");
  }
}

describe("search over whole graphs", () => {
  let seedDir: string;
  beforeAll(() => {
    seedDir = mkdtempSync(join(tmpdir(), "search-properties-"));
    generateSeed(seedDir, 10_000);
  });
  afterAll(() => rmSync(seedDir, { recursive: true, force: true }));

  it("answers a broad query corpus over the real seed", () => {
    checkGraph(openGraph());
  });

  it("answers a broad query corpus over a generated 10⁴-relation seed", () => {
    checkGraph(openGraph(seedDir));
  });
});

describe("CompactMiniSearch", () => {
  it("answers exactly as a stock MiniSearch with the same options", () => {
    const store = openGraph();
    const entities = allEntities(store);
    const docs: IndexedDoc[] = entities.map((entity, id) => ({
      id,
      name: entity.name,
      aliases: entity.aliases.join("; "),
      statement: entity.kind === "COMMITMENT" ? entity.statement : "",
      description: entity.description,
      sentences: citedPassages(store, entity).join(" … "),
    }));
    const stock = new MiniSearch<IndexedDoc>(miniSearchOptions());
    const compact = new CompactMiniSearch(miniSearchOptions());
    stock.addAll(docs);
    compact.addAll(docs);
    compact.seal();
    const queries = [...queryCorpus(entities), "he", "co", "international cooperation", "vacine", "19"];
    let compared = 0;
    for (const query of queries) {
      const text = query.toLowerCase().replace(/’s\b/g, "");
      for (const combineWith of ["AND", "OR"] as const) {
        const expected = stock.search(text, { combineWith });
        expect(compact.search(text, { combineWith }), `${combineWith} ${text}`).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(queries.length);
  });
});
