/**
 * The coding codebook of seed/README.md holds for the real seed: every commitment's kind is the one its signal
 * phrases give (by the codebook's precedence), its novelty is REAFFIRMED exactly when the text says it is
 * restated, and a commitment that departs from either says why in `codingNote`. Claims are the author's.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadSeed } from "../src/graph/load.ts";
import type { CommitmentKind, EntityOf } from "../src/graph/model.ts";
import { splitSentences } from "../src/graph/text.ts";
import { DEFAULT_SEED_DIR } from "../src/store/memory/index.ts";

const readme = readFileSync(fileURLToPath(new URL("../seed/README.md", import.meta.url)), "utf8");
const block = /```yaml\n(# codebook:[\s\S]*?)```/.exec(readme)?.[1];
const codebook = parse(block ?? "") as {
  signals: Record<Exclude<CommitmentKind, "CLAIM">, string[]>;
  novelty: { REAFFIRMED: string[] };
};
/** Kinds in the codebook's precedence order (the order of its keys). */
const PRECEDENCE = Object.keys(codebook?.signals ?? {}) as Exclude<CommitmentKind, "CLAIM">[];

const seed = loadSeed(DEFAULT_SEED_DIR);
const texts = new Map(seed.sources.map((source) => [source.id, source.text]));
const sentences = new Map(seed.sources.map((source) => [source.id, splitSentences(source.text)]));
const commitments = seed.entities.filter((e): e is EntityOf<"COMMITMENT"> => e.kind === "COMMITMENT");
const authors = new Set(seed.relations.filter((r) => r.type === "AUTHORED").map((r) => r.from));
const directMakers = (id: string) =>
  seed.relations
    .filter((r) => r.type === "MAKES" && r.to === id && r.qualifiers.attribution === "DIRECT")
    .map((r) => r.from);

/** The quotes of a commitment, and the whole sentences they stand in, lower-cased. */
function wordingOf(commitment: EntityOf<"COMMITMENT">): { quotes: string; sentences: string } {
  const quotes = commitment.evidence.map((e) => e.quote).join(" | ");
  const around = commitment.evidence.flatMap((e) => {
    const text = texts.get(e.sourceId) ?? "";
    return (sentences.get(e.sourceId) ?? [])
      .filter((span) => span.start < e.end && span.end > e.start)
      .map((span) => text.slice(span.start, span.end));
  });
  return { quotes: quotes.toLowerCase(), sentences: [...new Set(around)].join(" | ").toLowerCase() };
}

/** The kinds whose signals occur in a text, in precedence order. */
function signalledKinds(text: string): Exclude<CommitmentKind, "CLAIM">[] {
  return PRECEDENCE.filter((kind) => codebook.signals[kind].some((phrase) => text.includes(phrase)));
}

/** The kind the codebook gives a commitment: by its quotes' signals, else by its sentences'. */
function codedKind(commitment: EntityOf<"COMMITMENT">): CommitmentKind | null {
  const { quotes, sentences: around } = wordingOf(commitment);
  return signalledKinds(quotes)[0] ?? signalledKinds(around)[0] ?? null;
}

describe("the codebook", () => {
  it("is in seed/README.md with signal phrases for every kind but CLAIM, in precedence order", () => {
    expect(PRECEDENCE).toEqual(["CALL", "PROPOSAL", "PLEDGE", "AGREEMENT", "POSITION"]);
    for (const kind of PRECEDENCE) expect(codebook.signals[kind].length, kind).toBeGreaterThan(0);
    expect(codebook.novelty.REAFFIRMED.length).toBeGreaterThan(0);
  });

  it("codes by precedence: the reporting verb wins over the content it reports", () => {
    // "called on ... to oppose": CALL, although "opposed" would signal a POSITION.
    expect(signalledKinds("called on sco countries to support and opposed")[0]).toBe("CALL");
    expect(signalledKinds("supported president xi's initiatives and reached important consensus")[0]).toBe(
      "AGREEMENT",
    );
    expect(signalledKinds("the leaders met")).toEqual([]);
  });
});

describe("every commitment of the seed is coded by the codebook", () => {
  const parties = commitments.filter((c) => c.commitmentKind !== "CLAIM");

  it("its kind is the one its signal phrases give, or a codingNote says why not", () => {
    const wrong = parties
      .filter((c) => !c.codingNote)
      .map((c) => ({ id: c.id, coded: c.commitmentKind, signals: codedKind(c) }))
      .filter((row) => row.coded !== row.signals);
    expect(parties.length).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it("its novelty is REAFFIRMED exactly when its quotes say it is restated, or a codingNote says why not", () => {
    const restated = (c: EntityOf<"COMMITMENT">) =>
      codebook.novelty.REAFFIRMED.some((phrase) => wordingOf(c).quotes.includes(phrase));
    const wrong = parties
      .filter((c) => !c.codingNote)
      .filter((c) => (c.novelty === "REAFFIRMED") !== restated(c))
      .map((c) => `${c.id}: ${c.novelty}`);
    expect(parties.filter((c) => c.novelty === "REAFFIRMED").length).toBeGreaterThan(5);
    expect(wrong).toEqual([]);
  });

  it("an override note is kept for real disagreements only", () => {
    const needless = parties
      .filter((c) => c.codingNote)
      .filter(
        (c) =>
          codedKind(c) === c.commitmentKind &&
          (c.novelty === "REAFFIRMED") ===
            codebook.novelty.REAFFIRMED.some((phrase) => wordingOf(c).quotes.includes(phrase)),
      )
      .map((c) => c.id);
    expect(needless).toEqual([]);
  });

  it("a CLAIM is made by the source's author alone, and the author makes nothing but claims", () => {
    const claims = commitments.filter((c) => c.commitmentKind === "CLAIM");
    expect(claims.length).toBeGreaterThan(30);
    for (const claim of claims) expect(directMakers(claim.id), claim.id).toEqual(["sun-linjiang"]);
    expect([...authors]).toEqual(["sun-linjiang"]);
    for (const party of parties) {
      expect(
        directMakers(party.id).filter((maker) => authors.has(maker)),
        party.id,
      ).toEqual([]);
    }
  });

  it("the audit's inconsistencies are resolved by the rules", () => {
    const kindOf = (id: string) => commitments.find((c) => c.id === id)?.commitmentKind;
    // "reaffirmed their commitment" and "voiced firm commitment" are both AGREEMENT.
    expect(kindOf("leaders-agreement-multilateral-trading-regime")).toBe("AGREEMENT");
    expect(kindOf("leaders-position-principles-of-international-relations")).toBe("AGREEMENT");
    // "highlighted the need to ..." states a view: POSITION.
    expect(kindOf("leaders-agreement-step-up-political-dialogue")).toBe("POSITION");
    // "will continue to contribute" is no specific undertaking: POSITION, restated.
    expect(kindOf("sco-pledge-contribute-to-peace-and-security")).toBe("POSITION");
  });
});
