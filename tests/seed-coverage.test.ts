/**
 * Recall: every fact-bearing sentence of every held source is cited by at least one entity or relation
 * (`npm run coverage:seed` lists them all), the sentences declared not fact-bearing are few and exist, and the
 * author's assessments the audit found missing are captured as claims.
 */
import { describe, expect, it } from "vitest";
import { coverageSummary, readNotFactBearing, sentenceCoverage } from "../src/coverage-seed.ts";
import { loadSeed } from "../src/graph/load.ts";
import { DEFAULT_SEED_DIR } from "../src/store/memory/index.ts";

const seed = loadSeed(DEFAULT_SEED_DIR);
const declared = readNotFactBearing(DEFAULT_SEED_DIR);
const rows = sentenceCoverage(seed, declared);

describe("sentence coverage of the real seed", () => {
  it("cites every fact-bearing sentence", () => {
    const uncited = rows.filter((row) => row.notFactBearing === null && row.citedBy.length === 0);
    expect(uncited.map((row) => `#${row.index}: ${row.text}`)).toEqual([]);
    const summary = coverageSummary(rows);
    expect(summary.cited).toBe(summary.factBearing);
    expect(summary.factBearing).toBeGreaterThan(80);
    // Most of each sentence is quoted, not just a word of it.
    expect(summary.quotedShare).toBeGreaterThan(0.95);
  });

  it("declares not fact-bearing only the section numerals, each matching exactly one sentence", () => {
    for (const entry of declared) {
      const matching = rows.filter((row) => row.notFactBearing === entry.why);
      expect(
        matching.map((row) => row.text),
        entry.startsWith,
      ).toEqual([entry.startsWith]);
    }
    expect(rows.filter((row) => row.notFactBearing !== null).map((row) => row.text)).toEqual([
      "I.",
      "II.",
      "III.",
      "IV.",
      "V.",
    ]);
  });

  it("counts a sentence as uncited when nothing quotes it, and derived links do not count as citations", () => {
    const withoutClaims = {
      ...seed,
      entities: seed.entities.filter((e) => !e.id.startsWith("claim-")),
      relations: seed.relations.filter((r) => !r.from.startsWith("claim-") && !r.to.startsWith("claim-")),
    };
    const thinner = coverageSummary(sentenceCoverage(withoutClaims, declared));
    expect(thinner.cited).toBeLessThan(thinner.factBearing);
    const derivedOnly = sentenceCoverage(
      {
        ...seed,
        entities: [],
        relations: seed.relations.filter((r) => r.qualifiers.inferred && r.qualifiers.attribution),
      },
      declared,
    );
    expect(derivedOnly.every((row) => row.citedBy.length === 0)).toBe(true);
  });

  it("captures the author's assessments the audit found missing, as claims of the author", () => {
    const claimQuotes = seed.entities
      .filter((e) => e.kind === "COMMITMENT" && e.commitmentKind === "CLAIM")
      .flatMap((e) => e.evidence.map((evidence) => evidence.quote));
    for (const words of [
      "The SCO has set an example for fighting the pandemic in solidarity.",
      "an anchor and engine of the world economy",
      "multi-polarity and democracy in international relations",
      "as it enters the next 20 years",
    ]) {
      expect(
        claimQuotes.some((quote) => quote.includes(words)),
        words,
      ).toBe(true);
    }
  });
});
