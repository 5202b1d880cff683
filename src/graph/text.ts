/** Text utilities over held sources: sentence spans, quote lookup, and relative-date resolution. */
import type { DatePrecision, TimeSpan } from "./model.ts";
import { runSteps, type Steps } from "./steps.ts";

/** A half-open span [start, end) of characters in a source text. */
export interface Span {
  start: number;
  end: number;
}

const CLOSING_PUNCTUATION = new Set(["”", "’", '"', "'", ")"]);

/**
 * Split a text into sentence spans (trimmed of surrounding white space). A sentence ends at a line break, or at
 * `.`, `!` or `?` (plus closing quotes) followed by white space or directly by a capital letter, because the
 * sources keep typos such as "…Future”.Heput forward".
 */
export function splitSentences(text: string): Span[] {
  return runSteps(splitSentencesSteps(text));
}

/** Characters of text split between checkpoints. */
const SPLIT_CHUNK = 1 << 16;

/** splitSentences as steps, yielding every `SPLIT_CHUNK` characters, for sources of many megabytes. */
export function* splitSentencesSteps(text: string): Steps<Span[]> {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] ?? "")) s++;
    while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
    if (e > s) spans.push({ start: s, end: e });
    start = end;
  };
  let checkpoint = SPLIT_CHUNK;
  for (let i = 0; i < text.length; i++) {
    if (i >= checkpoint) {
      checkpoint += SPLIT_CHUNK;
      yield;
    }
    const ch = text[i] ?? "";
    if (ch === "\n") {
      push(i);
      continue;
    }
    if (ch !== "." && ch !== "!" && ch !== "?") continue;
    let end = i + 1;
    while (end < text.length && CLOSING_PUNCTUATION.has(text[end] ?? "")) end++;
    const next = text[end];
    if (next === undefined || /\s/.test(next) || /[A-Z]/.test(next)) {
      push(end);
      i = end - 1;
    }
  }
  push(text.length);
  return spans;
}

/** Every start offset at which `quote` occurs in `text`. */
export function findOccurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

/** Longest passage shown for a quote that was not found, in characters (plus ten of context). */
const MAX_PASSAGE_CHARS = 300;

/**
 * The passage of `text` that most resembles a quote that was not found, so the checker can show a curator what
 * the source really says: it anchors on the longest prefix or suffix of the quote (at least 8 characters) that
 * does occur, the prefix when both are as long. Every shorter prefix of an occurring prefix occurs too, so the
 * longest is found by binary search: a few scans of the text, however long the quote.
 */
export function closestPassage(text: string, quote: string): string | null {
  const longest = (piece: (length: number) => string): { at: number; length: number } | null => {
    let found: { at: number; length: number } | null = null;
    let low = 8;
    let high = quote.length - 1;
    while (low <= high) {
      const length = (low + high) >> 1;
      const at = text.indexOf(piece(length));
      if (at === -1) {
        high = length - 1;
      } else {
        found = { at, length };
        low = length + 1;
      }
    }
    return found;
  };
  const prefix = longest((length) => quote.slice(0, length));
  const suffix = longest((length) => quote.slice(quote.length - length));
  const fromEnd = suffix !== null && (prefix === null || suffix.length > prefix.length);
  const best = fromEnd ? suffix : prefix;
  if (!best) return null;
  const start = fromEnd ? Math.max(0, best.at + best.length - quote.length) : best.at;
  // A problem is one line: a passage longer than any real quote is cut.
  return text.slice(start, start + Math.min(quote.length, MAX_PASSAGE_CHARS) + 10);
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** The precision a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) carries. */
export function precisionOf(date: string): DatePrecision {
  if (date.length === 4) return "YEAR";
  if (date.length === 7) return "MONTH";
  return "DAY";
}

/**
 * Resolve a curated time span: explicit `start`/`end` are kept; a relative `raw` phrase such as "next year" or
 * "the coming three years" is resolved against `referenceYear` (the source document's year). Returns a message
 * instead when neither gives a date.
 */
export function resolveTimeSpan(
  seed: { raw?: string | undefined; start?: string | undefined; end?: string | undefined },
  referenceYear: number,
): TimeSpan | string {
  const raw = seed.raw ?? null;
  if (seed.start) {
    const end = seed.end ?? seed.start;
    if (end < seed.start) return `end ${end} is before start ${seed.start}`;
    return { start: seed.start, end, precision: precisionOf(seed.start), raw };
  }
  if (seed.end) return "a date with `end` needs a `start` too";
  if (!raw) return "a date needs `start` or a relative `raw` phrase";
  const phrase = raw.trim().toLowerCase();
  const year = (offset: number) => String(referenceYear + offset);
  if (phrase === "this year") return { start: year(0), end: year(0), precision: "YEAR", raw };
  if (phrase === "next year") return { start: year(1), end: year(1), precision: "YEAR", raw };
  const span = /^(?:in )?(?:the )?(?:coming|next) (\d+|[a-z]+) years$/.exec(phrase);
  const count = span?.[1] ? (NUMBER_WORDS[span[1]] ?? Number(span[1])) : Number.NaN;
  if (Number.isInteger(count) && count > 0) {
    return { start: year(1), end: year(count), precision: "YEAR", raw };
  }
  return `cannot resolve the date phrase "${raw}": use "this year", "next year", "the coming N years", or give start/end`;
}
