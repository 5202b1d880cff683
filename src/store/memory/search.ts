/**
 * Full-text search over entities, built once at load time with MiniSearch: names, aliases, descriptions,
 * commitment statements and the whole source sentences each entity's evidence quotes fall in. Hits carry a
 * short plain-text snippet with the matched words wrapped in `SNIPPET_MARK`.
 *
 * Choices, so results stay predictable:
 * - Terms are lower-cased, stripped of diacritics and of possessive `’s`; a hyphenated word is indexed whole and
 *   by its parts ("COVID-19" → `covid-19`, `covid`, `19`); a plural is indexed with its singular too
 *   ("vaccines" → `vaccines`, `vaccine`), so a query for the singular, or a typo of it, finds the plural.
 * - Every query term is also a prefix ("chongq" finds Chongqing) and tolerates small typos: one edit for terms
 *   of 4–7 characters, two from 8 (about MiniSearch's `fuzzy: 0.2`, but never on terms of 3 or fewer, which
 *   would match almost anything).
 * - Terms combine with AND; only when AND finds nothing (after the kind filter) does the search fall back to OR,
 *   so extra words narrow a search but a single unmatched word does not empty it.
 * - Only the first `MAX_QUERY_TERMS` distinct terms of a query count, and terms longer than
 *   `MAX_TERM_LENGTH` are dropped: no indexed word is that long, and fuzzy matching cost grows with length.
 */
import MiniSearch, { type SearchResult } from "minisearch";
import type { Entity, EntityKind } from "../../graph/model.ts";
import { runSteps, type Steps } from "../../graph/steps.ts";
import { type SearchHit, SNIPPET_MARK, type StoredSource, sentenceAt } from "../../graph/store.ts";
import type { Span } from "../../graph/text.ts";

/** The indexed fields with their boosts, highest first; the snippet comes from the highest-boosted match. */
const FIELD_BOOSTS = {
  name: 8,
  aliases: 5,
  statement: 2,
  description: 1.5,
  sentences: 1,
} as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** At most this many distinct query terms are searched; the rest of a long query is ignored. */
const MAX_QUERY_TERMS = 16;
/** Query terms longer than this cannot match an indexed word and are dropped. */
const MAX_TERM_LENGTH = 40;
/** Longest snippet text, in characters, before the ellipses and marks are added. */
const SNIPPET_LENGTH = 200;
/** Characters of context kept before the first marked word when a snippet has to be cut. */
const SNIPPET_LEAD = 40;

/** Entities indexed between checkpoints (each takes tens of microseconds). */
const DOCS_PER_STEP = 32;

type IndexedDoc = { id: string; kind: EntityKind } & Record<Field, string>;

/** Full-text index over entities, built once at load time. */
export class SearchIndex {
  private readonly docs = new Map<string, IndexedDoc>();
  private readonly miniSearch = new MiniSearch<IndexedDoc>({
    fields: FIELDS,
    storeFields: ["kind"],
    tokenize: indexTerms,
    processTerm: (term) => term,
    searchOptions: {
      boost: { ...FIELD_BOOSTS },
      prefix: true,
      fuzzy: fuzziness,
      tokenize: (query) => query.split(" "),
      processTerm: (term) => term,
    },
  });

  /** Index every entity once (a repeated id keeps its first entity), with sentences from `sources`. */
  constructor(entities: readonly Entity[], sources: ReadonlyMap<string, StoredSource>) {
    runSteps(this.add(entities, sources));
  }

  /** Build an index as steps, so a server can keep answering while a large graph is indexed (see steps.ts). */
  static *build(entities: readonly Entity[], sources: ReadonlyMap<string, StoredSource>): Steps<SearchIndex> {
    const index = new SearchIndex([], sources);
    yield* index.add(entities, sources);
    return index;
  }

  /** Index entities not indexed yet, one document at a time, yielding every few. */
  private *add(entities: readonly Entity[], sources: ReadonlyMap<string, StoredSource>): Steps<void> {
    let count = 0;
    for (const entity of entities) {
      if (this.docs.has(entity.id)) continue;
      const doc: IndexedDoc = {
        id: entity.id,
        kind: entity.kind,
        name: entity.name,
        aliases: entity.aliases.join("; "),
        statement: entity.kind === "COMMITMENT" ? entity.statement : "",
        description: entity.description,
        sentences: evidenceSentences(entity, sources),
      };
      this.docs.set(entity.id, doc);
      this.miniSearch.add(doc);
      if (++count % DOCS_PER_STEP === 0) yield;
    }
  }

  /** Ranked hits, best first; `kinds` filters (empty/undefined = all). */
  search(query: string, options: { kinds?: readonly EntityKind[] } = {}): SearchHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : null;
    const filter = kinds ? (result: SearchResult) => kinds.has(result.kind as EntityKind) : undefined;
    const text = terms.join(" ");
    let results = this.miniSearch.search(text, { combineWith: "AND", filter });
    if (results.length === 0 && terms.length > 1) {
      results = this.miniSearch.search(text, { combineWith: "OR", filter });
    }
    return results.map((result) => this.toHit(result));
  }

  private toHit(result: SearchResult): SearchHit {
    const doc = this.docs.get(result.id as string) as IndexedDoc;
    const matchedFields = new Set(Object.values(result.match).flat());
    const field = FIELDS.find((name) => matchedFields.has(name)) ?? "name";
    return {
      entityId: doc.id,
      score: result.score,
      snippet: snippet(doc[field], new Set(result.terms)),
      matchedTerms: result.terms,
      field,
    };
  }
}

/** A word: letters and digits, with inner hyphens or apostrophes ("COVID-19", "China’s"). */
const WORD = /[\p{L}\p{N}]+(?:['’\-‐‑][\p{L}\p{N}]+)*/gu;
const HYPHEN = /[-‐‑]/;
const HYPHENS = /[-‐‑]/g;

/** Normalise one word or word part to its index term: lower case, no diacritics, no possessive or apostrophe. */
function normalize(raw: string): string {
  // Plain ASCII has no diacritics to strip: skip Unicode normalisation, the costliest step when indexing.
  const folded = ASCII.test(raw) ? raw : raw.normalize("NFKD").replace(/\p{M}/gu, "");
  return folded
    .toLowerCase()
    .replace(/['’]s$/, "")
    .replace(/['’]/g, "")
    .replace(HYPHENS, "-");
}

/** Printable ASCII only: nothing for Unicode normalisation to fold. */
const ASCII = /^[\x20-\x7e]*$/;

/** The singular of a plural term ("vaccines" → "vaccine", "countries" → "country"), or null. */
function singular(term: string): string | null {
  if (term.length < 4 || !term.endsWith("s") || /(ss|us|is)$/.test(term)) return null;
  if (term.endsWith("ies") && term.length > 4) return `${term.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/.test(term)) return term.slice(0, -2);
  return term.slice(0, -1);
}

/** Where a word and its hyphen-separated parts stand in a text, with the terms each contributes. */
interface WordTerms {
  start: number;
  end: number;
  /** Terms of the whole word (empty for a plain word, whose only part is the word itself). */
  whole: string[];
  parts: Array<{ start: number; end: number; terms: string[] }>;
}

function withSingular(term: string): string[] {
  const one = singular(term);
  return one ? [term, one] : [term];
}

/** Every word of `text` with its index terms, in order. */
function words(text: string, withPlurals: boolean): WordTerms[] {
  const expand = withPlurals ? withSingular : (term: string) => [term];
  const found: WordTerms[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const start = match.index;
    const parts: WordTerms["parts"] = [];
    let offset = 0;
    for (const piece of raw.split(HYPHEN)) {
      const term = normalize(piece);
      if (term)
        parts.push({ start: start + offset, end: start + offset + piece.length, terms: expand(term) });
      offset += piece.length + 1;
    }
    const whole = parts.length > 1 ? expand(normalize(raw)) : [];
    found.push({ start, end: start + raw.length, whole, parts });
  }
  return found;
}

/** The index terms of a field's text (MiniSearch's `tokenize`): whole words, their parts, their singulars. */
function indexTerms(text: string): string[] {
  return words(text, true).flatMap((word) => [...word.whole, ...word.parts.flatMap((part) => part.terms)]);
}

/** The distinct, searchable terms of a query, in order, capped at `MAX_QUERY_TERMS`. */
function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const word of words(query, false)) {
    for (const term of [...word.whole, ...word.parts.flatMap((part) => part.terms)]) {
      if (term.length <= MAX_TERM_LENGTH) terms.add(term);
    }
    if (terms.size >= MAX_QUERY_TERMS) break;
  }
  return [...terms].slice(0, MAX_QUERY_TERMS);
}

/** Typo tolerance per query term: none up to 3 characters, one edit up to 7, two from 8. */
function fuzziness(term: string): number | false {
  if (term.length <= 3) return false;
  return term.length < 8 ? 1 : 2;
}

/**
 * The whole source sentences that an entity's evidence quotes fall in, in source order, each once; a quote that
 * spans several sentences brings them all. Sentences that are not adjacent are joined with " … ".
 */
function evidenceSentences(entity: Entity, sources: ReadonlyMap<string, StoredSource>): string {
  const bySource = new Map<string, Span[]>();
  for (const evidence of entity.evidence) {
    const source = sources.get(evidence.sourceId);
    if (!source) continue;
    const first = sentenceAt(source, evidence.start);
    const last = sentenceAt(source, Math.max(evidence.start, evidence.end - 1));
    const start = first.end > first.start ? first.start : evidence.start;
    const end = last.end > last.start ? last.end : evidence.end;
    const spans = bySource.get(source.id) ?? [];
    spans.push({ start, end });
    bySource.set(source.id, spans);
  }
  const passages: string[] = [];
  for (const [sourceId, spans] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const text = (sources.get(sourceId) as StoredSource).text;
    for (const span of mergeSpans(spans)) passages.push(text.slice(span.start, span.end));
  }
  return passages.join(" … ");
}

/** Sort spans and merge the overlapping ones. */
function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The spans of `text` to mark: whole words whose terms matched, else the matching parts of hyphenated words. */
function markedSpans(text: string, matched: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const word of words(text, true)) {
    if (word.whole.some((term) => matched.has(term))) {
      spans.push({ start: word.start, end: word.end });
      continue;
    }
    for (const part of word.parts) {
      if (part.terms.some((term) => matched.has(term))) spans.push({ start: part.start, end: part.end });
    }
  }
  return spans;
}

/**
 * An excerpt of at most `SNIPPET_LENGTH` characters of `text`, cut at white space with "…" where cut, placed to
 * hold as many marked words as possible, with every word that yields a matched term wrapped in `SNIPPET_MARK`.
 */
function snippet(text: string, matched: ReadonlySet<string>): string {
  const marks = markedSpans(text, matched);
  let start = 0;
  let end = text.length;
  if (text.length > SNIPPET_LENGTH) {
    let bestCount = -1;
    for (const anchor of marks.length > 0 ? marks : [{ start: 0, end: 0 }]) {
      const from = Math.max(0, anchor.start - SNIPPET_LEAD);
      const count = marks.filter((mark) => mark.start >= from && mark.end <= from + SNIPPET_LENGTH).length;
      if (count > bestCount) {
        bestCount = count;
        start = from;
      }
    }
    while (start > 0 && !/\s/.test(text[start - 1] ?? "")) start--;
    end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (end < text.length) {
      let cut = end;
      while (cut > start && !/\s/.test(text[cut] ?? "")) cut--;
      if (cut > start) end = cut;
    }
  }
  // Trim white space, and at a cut also a dangling " … " that joins two sentences.
  const edge = (at: number, cut: boolean) => /\s/.test(text[at] ?? "") || (cut && text[at] === "…");
  while (start < end && edge(start, start > 0)) start++;
  while (end > start && edge(end - 1, end < text.length)) end--;
  let out = start > 0 ? "…" : "";
  let at = start;
  for (const mark of marks) {
    if (mark.start < start || mark.end > end) continue;
    out += `${text.slice(at, mark.start)}${SNIPPET_MARK.open}${text.slice(mark.start, mark.end)}${SNIPPET_MARK.close}`;
    at = mark.end;
  }
  out += text.slice(at, end);
  return end < text.length ? `${out}…` : out;
}
