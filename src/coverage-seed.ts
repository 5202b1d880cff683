/**
 * `npm run coverage:seed [seed-dir]`: every sentence of every held source with the facts (entities and
 * relations) whose evidence quotes fall in it, then the coverage figures. Exits 1 when a fact-bearing sentence is
 * cited by nothing. Sentences that state no fact are listed, each with the reason, in `seed/coverage.yaml`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type LoadedSeed, loadSeed } from "./graph/load.ts";
import { splitSentences } from "./graph/text.ts";

/** A sentence that states no fact, so coverage does not expect a citation (a curator's decision, with why). */
export interface NotFactBearing {
  source: string;
  /** The sentence's first words, enough to find it. */
  startsWith: string;
  why: string;
}

/** One sentence of a source and what cites it. */
export interface SentenceCoverage {
  source: string;
  index: number;
  start: number;
  end: number;
  text: string;
  /** Ids of the entities and relations with an evidence quote overlapping the sentence, seed order. */
  citedBy: string[];
  /** Characters of the sentence inside some quote. */
  quotedChars: number;
  /** Why the sentence bears no fact, when a curator decided so. */
  notFactBearing: string | null;
}

/** The curated list of sentences that bear no fact, from `<seed>/coverage.yaml` (empty when the file is absent). */
export function readNotFactBearing(seedDir: string): NotFactBearing[] {
  let text: string;
  try {
    text = readFileSync(join(seedDir, "coverage.yaml"), "utf8");
  } catch {
    return [];
  }
  const data = (parse(text) ?? {}) as { notFactBearing?: NotFactBearing[] };
  return data.notFactBearing ?? [];
}

/** Each sentence of each held source with the facts citing it and how much of it is quoted. */
export function sentenceCoverage(
  seed: LoadedSeed,
  notFactBearing: readonly NotFactBearing[],
): SentenceCoverage[] {
  const cited = [
    ...seed.entities.map((entity) => ({ id: entity.id, evidence: entity.evidence })),
    ...seed.relations
      // Derived links only repeat quotes of the curated facts they come from.
      .filter((relation) => (relation.qualifiers.attribution ?? "DIRECT") === "DIRECT")
      .map((relation) => ({ id: relation.id, evidence: relation.evidence })),
  ];
  const rows: SentenceCoverage[] = [];
  for (const source of seed.sources) {
    const quotes = cited.flatMap(({ id, evidence }) =>
      evidence.filter((e) => e.sourceId === source.id).map((e) => ({ id, start: e.start, end: e.end })),
    );
    for (const [index, span] of splitSentences(source.text).entries()) {
      const text = source.text.slice(span.start, span.end);
      const overlapping = quotes.filter((quote) => quote.start < span.end && quote.end > span.start);
      const quoted = new Uint8Array(span.end - span.start);
      for (const quote of overlapping) {
        quoted.fill(
          1,
          Math.max(0, quote.start - span.start),
          Math.min(quoted.length, quote.end - span.start),
        );
      }
      const decision = notFactBearing.find(
        (entry) => entry.source === source.id && text.startsWith(entry.startsWith),
      );
      rows.push({
        source: source.id,
        index,
        start: span.start,
        end: span.end,
        text,
        citedBy: [...new Set(overlapping.map((quote) => quote.id))],
        quotedChars: quoted.reduce((sum, bit) => sum + bit, 0),
        notFactBearing: decision?.why ?? null,
      });
    }
  }
  return rows;
}

/** Headline figures: fact-bearing sentences cited, and the share of their characters inside quotes. */
export function coverageSummary(rows: readonly SentenceCoverage[]): {
  sentences: number;
  factBearing: number;
  cited: number;
  quotedShare: number;
} {
  const factBearing = rows.filter((row) => row.notFactBearing === null);
  const characters = factBearing.reduce((sum, row) => sum + (row.end - row.start), 0);
  const quoted = factBearing.reduce((sum, row) => sum + row.quotedChars, 0);
  return {
    sentences: rows.length,
    factBearing: factBearing.length,
    cited: factBearing.filter((row) => row.citedBy.length > 0).length,
    quotedShare: characters === 0 ? 1 : quoted / characters,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seedDir = process.argv[2] ?? fileURLToPath(new URL("../seed", import.meta.url));
  const rows = sentenceCoverage(loadSeed(seedDir), readNotFactBearing(seedDir));
  for (const row of rows) {
    const share = Math.round((100 * row.quotedChars) / (row.end - row.start));
    const status = row.notFactBearing
      ? "not fact-bearing"
      : row.citedBy.length > 0
        ? `${share}% quoted`
        : "UNCITED";
    console.log(`${row.source} #${row.index} [${row.start}, ${row.end}) ${status}`);
    console.log(`  "${row.text.length > 160 ? `${row.text.slice(0, 157)}...` : row.text}"`);
    console.log(
      row.notFactBearing
        ? `  why: ${row.notFactBearing}`
        : `  cited by: ${row.citedBy.join(", ") || "nothing"}`,
    );
  }
  const summary = coverageSummary(rows);
  console.log(
    `\n${summary.cited}/${summary.factBearing} fact-bearing sentences cited (${summary.sentences} sentences, ${summary.sentences - summary.factBearing} not fact-bearing); ${(100 * summary.quotedShare).toFixed(1)}% of their characters quoted`,
  );
  if (summary.cited < summary.factBearing) process.exitCode = 1;
}
