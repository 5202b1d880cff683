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
 *
 * Memory: the index keeps no copy of any entity's text. A hit's snippet is cut from text rebuilt from the entity
 * and the sources (references), and once built, MiniSearch's postings, field lengths, document ids and term-tree
 * leaves are sealed into typed arrays, shared rows and small objects (CompactMiniSearch): at 10⁶ relations that is
 * ~60 MB of heap and ~50 MB of typed arrays instead of ~770 MB of heap.
 */
import MiniSearch, { type Options, type SearchResult } from "minisearch";
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

/**
 * What MiniSearch indexes per entity, built for the moment it is added and then dropped: its `id` is the entity's
 * position in `SearchIndex.entities`, which is also the short id MiniSearch gives it (both count from 0).
 */
export type IndexedDoc = { id: number } & Record<Field, string>;

/** MiniSearch's options for the entity index: the fields, the tokenizer, and how a query matches and ranks. */
export function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: FIELDS,
    tokenize: indexTerms,
    processTerm: (term) => term,
    searchOptions: {
      boost: { ...FIELD_BOOSTS },
      prefix: true,
      fuzzy: fuzziness,
      tokenize: (query) => query.split(" "),
      processTerm: (term) => term,
    },
  };
}

/** Full-text index over entities, built once at load time. */
export class SearchIndex {
  /** The indexed entities by MiniSearch document id: references, so hits read kind and text from the entity itself. */
  private readonly entities: Entity[] = [];
  private readonly miniSearch = new CompactMiniSearch(miniSearchOptions());

  /** Index every entity once (a repeated id keeps its first entity), with sentences from `sources`. */
  constructor(
    entities: readonly Entity[],
    private readonly sources: ReadonlyMap<string, StoredSource>,
  ) {
    runSteps(this.add(entities));
  }

  /** Build an index as steps, so a server can keep answering while a large graph is indexed (see steps.ts). */
  static *build(entities: readonly Entity[], sources: ReadonlyMap<string, StoredSource>): Steps<SearchIndex> {
    const index = new SearchIndex([], sources);
    yield* index.add(entities);
    return index;
  }

  /**
   * Index the entities, one document at a time, yielding every few, then seal what MiniSearch built; runs once
   * per index with entities (build() makes an empty index first, which has nothing to seal).
   */
  private *add(entities: readonly Entity[]): Steps<void> {
    if (entities.length === 0) return;
    const seen = new Set<string>();
    for (const entity of entities) {
      if (seen.has(entity.id)) continue;
      seen.add(entity.id);
      // The same fieldText a hit's snippet is cut from, so a snippet always quotes the text that was indexed.
      const doc = { id: this.entities.length } as IndexedDoc;
      for (const field of FIELDS) doc[field] = this.fieldText(entity, field);
      this.miniSearch.add(doc);
      this.entities.push(entity);
      if (seen.size % DOCS_PER_STEP === 0) yield;
    }
    this.miniSearch.seal();
  }

  /** Ranked hits, best first; `kinds` filters (empty/undefined = all). */
  search(query: string, options: { kinds?: readonly EntityKind[] } = {}): SearchHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : null;
    const filter = kinds ? (result: SearchResult) => kinds.has(this.entityOf(result).kind) : undefined;
    const text = terms.join(" ");
    let results = this.miniSearch.search(text, { combineWith: "AND", filter });
    if (results.length === 0 && terms.length > 1) {
      results = this.miniSearch.search(text, { combineWith: "OR", filter });
    }
    return results.map((result) => this.toHit(result));
  }

  /** The entity a MiniSearch result stands for (its id is the entity's position in `entities`). */
  private entityOf(result: SearchResult): Entity {
    return this.entities[result.id as number] as Entity;
  }

  private toHit(result: SearchResult): SearchHit {
    const entity = this.entityOf(result);
    const matchedFields = new Set(Object.values(result.match).flat());
    const field = FIELDS.find((name) => matchedFields.has(name)) ?? "name";
    return {
      entityId: entity.id,
      score: result.score,
      snippet: snippet(this.fieldText(entity, field), new Set(result.terms)),
      matchedTerms: result.terms,
      field,
    };
  }

  /** The text MiniSearch indexed for one field of an entity, rebuilt for a hit rather than kept for every entity. */
  private fieldText(entity: Entity, field: Field): string {
    switch (field) {
      case "name":
        return entity.name;
      case "aliases":
        return entity.aliases.join("; ");
      case "statement":
        return entity.kind === "COMMITMENT" ? entity.statement : "";
      case "description":
        return entity.description;
      case "sentences":
        return evidenceSentences(entity, this.sources);
    }
  }
}

/** The documents one term occurs in within one field while the index is being built, with how often. */
class GrowingPostings {
  readonly ids: number[] = [];
  readonly counts: number[] = [];

  /** Count one more occurrence in `docId`; documents arrive in ascending id order, each all at once. */
  add(docId: number): number {
    const last = this.ids.length - 1;
    if (this.ids[last] === docId) return ++(this.counts[last] as number);
    this.ids.push(docId);
    this.counts.push(1);
    return 1;
  }
}

/**
 * One term's postings in one field, read by MiniSearch as the `Map<docId, count>` it would have built: `size`,
 * `keys()` in ascending id order (its insertion order) and `get(docId)`. Made per lookup, over the sealed pool.
 */
class PostingsView {
  constructor(
    private readonly ids: Int32Array,
    private readonly counts: ArrayLike<number>,
    private readonly start: number,
    readonly size: number,
  ) {}

  keys(): Int32Array {
    return this.ids.subarray(this.start, this.start + this.size);
  }

  /** The occurrence count for `docId` (binary search: the ids are ascending). */
  get(docId: number): number | undefined {
    let low = this.start;
    let high = this.start + this.size - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const id = this.ids[middle] as number;
      if (id < docId) low = middle + 1;
      else if (id > docId) high = middle - 1;
      else return this.counts[middle];
    }
    return undefined;
  }
}

/**
 * One term's entry in MiniSearch's term tree, in place of its `Map<fieldId, Map<docId, count>>`: the term's row in
 * the posting table, so a term costs one small object rather than a Map per field and one more.
 */
class TermPostings {
  constructor(
    private readonly table: PostingTable,
    readonly row: number,
  ) {}

  get(fieldId: number): PostingsView | undefined {
    return this.table.postings(this.row, fieldId);
  }
}

/**
 * Every term's postings per field. Built as growable lists, then sealed into one pool: all ids (ascending within
 * each list) and counts end to end, row by row and field by field, with `bounds` marking where each list starts.
 */
class PostingTable {
  private growing: Array<GrowingPostings | undefined> = [];
  private rowCount = 0;
  private postingCount = 0;
  private largestCount = 0;
  private bounds = new Int32Array(1);
  private ids = new Int32Array(0);
  private counts: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(0);

  /** A new term's entry (MiniSearch's term tree calls this the first time it meets a term). */
  readonly newTerm = (): TermPostings => {
    for (let fieldId = 0; fieldId < FIELDS.length; fieldId++) this.growing.push(undefined);
    return new TermPostings(this, this.rowCount++);
  };

  /** Record one occurrence of a term in a field of a document. */
  add(row: number, fieldId: number, docId: number): void {
    const slot = row * FIELDS.length + fieldId;
    let postings = this.growing[slot];
    if (!postings) {
      postings = new GrowingPostings();
      this.growing[slot] = postings;
    }
    const count = postings.add(docId);
    if (count === 1) this.postingCount++;
    else if (count > this.largestCount) this.largestCount = count;
  }

  /** Move every list into the pool, in the narrowest count type that fits; nothing can be added after. */
  seal(): void {
    const lists = this.growing;
    this.growing = [];
    this.bounds = new Int32Array(lists.length + 1);
    this.ids = new Int32Array(this.postingCount);
    this.counts =
      this.largestCount <= 0xff
        ? new Uint8Array(this.postingCount)
        : this.largestCount <= 0xffff
          ? new Uint16Array(this.postingCount)
          : new Uint32Array(this.postingCount);
    let offset = 0;
    for (const [slot, list] of lists.entries()) {
      if (list) {
        this.ids.set(list.ids, offset);
        this.counts.set(list.counts, offset);
        offset += list.ids.length;
      }
      this.bounds[slot + 1] = offset;
    }
  }

  /** A term's postings in a field, or undefined where it does not occur (or before sealing). */
  postings(row: number, fieldId: number): PostingsView | undefined {
    const slot = row * FIELDS.length + fieldId;
    if (slot + 1 >= this.bounds.length) return undefined;
    const start = this.bounds[slot] as number;
    const end = this.bounds[slot + 1] as number;
    return end > start ? new PostingsView(this.ids, this.counts, start, end - start) : undefined;
  }
}

/** What CompactMiniSearch uses of MiniSearch's term tree (`_index`), typed with its own term data. */
interface TermTree {
  fetch(term: string, initial: () => TermPostings): TermPostings;
  /** The root node: a Map from edge labels to child nodes, with the term's data under the key `TERM_END`. */
  _tree: TreeNode;
}

/** A node of MiniSearch's term tree, as its readers (lookup, prefix and fuzzy search, iteration) use it. */
interface TreeNode {
  keys(): Iterable<string>;
  get(key: string): unknown;
  has(key: string): boolean;
}

/** The key under which MiniSearch's term tree keeps a term's data in the term's node (its `LEAF`). */
const TERM_END = "";

/**
 * A tree node that only ends a term (most nodes do), in place of a Map holding just `TERM_END`: a Map costs
 * about six times as much. It answers the reads MiniSearch makes of a node.
 */
class TermEndNode implements TreeNode {
  constructor(private readonly data: TermPostings) {}

  keys(): string[] {
    return [TERM_END];
  }

  get(key: string): TermPostings | undefined {
    return key === TERM_END ? this.data : undefined;
  }

  has(key: string): boolean {
    return key === TERM_END;
  }
}

/** Replace, below `node`, every child that only ends a term with a TermEndNode (a Map keeps its keys' order). */
function compactTermEnds(node: Map<string, unknown>): void {
  for (const [key, child] of node) {
    if (key === TERM_END || !(child instanceof Map)) continue;
    if (child.size === 1 && child.has(TERM_END)) node.set(key, new TermEndNode(child.get(TERM_END)));
    else compactTermEnds(child);
  }
}

/** MiniSearch's `_documentIds` and `_idToShortId` when every document's id is its short id, 0 to size − 1. */
class PositionIds {
  constructor(readonly size: number) {}

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.size;
  }

  get(id: number): number | undefined {
    return this.has(id) ? id : undefined;
  }
}

/** MiniSearch's `_fieldLength` (terms per field per document) with equal rows shared: many documents repeat one. */
class FieldLengthRows {
  constructor(private readonly rows: readonly number[][]) {}

  get(docId: number): number[] | undefined {
    return this.rows[docId];
  }
}

/**
 * MiniSearch, storing what its search reads (postings, field lengths, document ids) compactly once every document
 * is added. The values and the orders it iterates them in are the ones it would have built itself, so scores and
 * the order of hits do not change; only the containers do. Relies on MiniSearch 7.2.0's internals (the package is
 * pinned): `addTerm` builds postings, `termResults` reads them with `get(fieldId)`, then `size`, `keys()`, `get()`.
 */
export class CompactMiniSearch extends MiniSearch<IndexedDoc> {
  private readonly postingTable = new PostingTable();
  /**
   * Terms met so far while building: looking a term up here is cheaper than walking the term tree, which is still
   * asked the first time, so the tree grows exactly as MiniSearch would grow it. Dropped when sealed.
   */
  private termsSeen = new Map<string, TermPostings>();

  constructor(options: Options<IndexedDoc>) {
    super(options);
    // `addTerm` is private in MiniSearch's types, so it is replaced on the instance rather than overridden.
    (this as unknown as { addTerm: CompactMiniSearch["addPosting"] }).addTerm = (fieldId, docId, term) =>
      this.addPosting(fieldId, docId, term);
  }

  /** Record one occurrence of `term` in a field of a document (what MiniSearch's `addTerm` does, into lists). */
  private addPosting(fieldId: number, docId: number, term: string): void {
    let termPostings = this.termsSeen.get(term);
    if (!termPostings) {
      termPostings = (this._index as unknown as TermTree).fetch(term, this.postingTable.newTerm);
      this.termsSeen.set(term, termPostings);
    }
    this.postingTable.add(termPostings.row, fieldId, docId);
  }

  /** Seal the postings and swap MiniSearch's per-document Maps for compact tables; no document can be added after. */
  seal(): void {
    this.postingTable.seal();
    this.termsSeen = new Map();
    compactTermEnds((this._index as unknown as TermTree)._tree as unknown as Map<string, unknown>);
    const rows: number[][] = [];
    const sharedRows = new Map<string, number[]>();
    for (const [docId, row] of this._fieldLength) {
      const key = row.join(",");
      const shared = sharedRows.get(key) ?? row.slice();
      sharedRows.set(key, shared);
      rows[docId] = shared;
    }
    for (const [shortId, id] of this._documentIds) {
      if (shortId !== id) throw new Error(`search index: document ${id} has short id ${shortId}`);
    }
    const ids = new PositionIds(this._documentCount);
    this._fieldLength = new FieldLengthRows(rows) as unknown as Map<number, number[]>;
    this._documentIds = ids as unknown as Map<number, number>;
    this._idToShortId = ids as unknown as Map<number, number>;
  }
}

/** A word: letters and digits, with inner hyphens or apostrophes ("COVID-19", "China’s"). */
const WORD = /[\p{L}\p{N}]+(?:['’\-‐‑][\p{L}\p{N}]+)*/gu;
const HYPHEN = /[-‐‑]/;
const HYPHENS = /[-‐‑]/g;

/** Normalise one word or word part to its index term: lower case, no diacritics, no possessive or apostrophe. */
function normalize(raw: string): string {
  // Plain letters and digits (most words) only need lower-casing: skip the replacements and Unicode normalisation.
  if (LETTERS_AND_DIGITS.test(raw)) return raw.toLowerCase();
  // Plain ASCII has no diacritics to strip: skip Unicode normalisation, the costliest step when indexing.
  const folded = ASCII.test(raw) ? raw : raw.normalize("NFKD").replace(/\p{M}/gu, "");
  return folded
    .toLowerCase()
    .replace(/['’]s$/, "")
    .replace(/['’]/g, "")
    .replace(HYPHENS, "-");
}

/** ASCII letters and digits only: nothing to fold, strip or replace but case. */
const LETTERS_AND_DIGITS = /^[A-Za-z0-9]*$/;
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

/**
 * The index terms of a field's text (MiniSearch's `tokenize`): each word's whole term when it has several parts,
 * then its parts' terms, each followed by its singular. The same terms, in the same order, as `words(text, true)`
 * yields, without an object per word: this runs over every indexed text.
 */
function indexTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [raw] of text.matchAll(WORD)) {
    if (!HYPHEN.test(raw)) {
      const term = normalize(raw);
      if (term) pushWithSingular(terms, term);
      continue;
    }
    const partTerms = raw
      .split(HYPHEN)
      .map(normalize)
      .filter((term) => term !== "");
    if (partTerms.length > 1) pushWithSingular(terms, normalize(raw));
    for (const term of partTerms) pushWithSingular(terms, term);
  }
  return terms;
}

/** Append a term and, for a plural, its singular. */
function pushWithSingular(terms: string[], term: string): void {
  terms.push(term);
  const one = singular(term);
  if (one) terms.push(one);
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
