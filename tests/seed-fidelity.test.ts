/**
 * Fidelity rules of the real seed (issue 10): no date without a quote, inferred facts marked and explained with
 * their chain, a document's date distinct from the period it covers, names people search for as aliases and no
 * junk ones, topics that each mean one thing, and CONCERNS links whose sentences name their topic.
 */
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import type { Entity, EntityOf, TimeSpan } from "../src/graph/model.ts";
import { splitSentences } from "../src/graph/text.ts";
import { DEFAULT_SEED_DIR } from "../src/store/memory/index.ts";
import { execute } from "./support/api.ts";

const seed = loadSeed(DEFAULT_SEED_DIR);
const byId = new Map(seed.entities.map((entity) => [entity.id, entity]));
const text = seed.sources[0]?.text ?? "";
const spans = splitSentences(text);

/** Every date an entity carries, by field. */
function datesOf(entity: Entity): Array<[string, TimeSpan]> {
  const found: Array<[string, TimeSpan | null | undefined]> = [];
  if (entity.kind === "DOCUMENT") found.push(["date", entity.date], ["covers", entity.covers]);
  if (entity.kind === "EVENT") found.push(["date", entity.date]);
  if (entity.kind === "COMMITMENT") found.push(["timeframe", entity.timeframe]);
  return found.filter((pair): pair is [string, TimeSpan] => !!pair[1]);
}

describe("dates", () => {
  const dated = seed.entities.flatMap((entity) =>
    datesOf(entity).map(([field, span]) => ({ id: entity.id, field, span })),
  );

  it("every date cites at least one quote, and a relative phrase is in one of them", () => {
    expect(dated.length).toBeGreaterThan(20);
    const unquoted = dated
      .filter(({ span }) => !span.evidence?.length)
      .map(({ id, field }) => `${id}.${field}`);
    expect(unquoted).toEqual([]);
    for (const { id, span } of dated) {
      if (!span.raw) continue;
      expect(
        span.evidence?.some((e) => e.quote.toLowerCase().includes(span.raw?.toLowerCase() ?? "")),
        `${id}: "${span.raw}"`,
      ).toBe(true);
    }
  });

  it("an inferred date explains its chain in a note and quotes at least two steps", () => {
    const inferred = dated.filter(({ span }) => span.inferred);
    expect(inferred.map(({ id }) => id).sort()).toEqual([
      "leaders-pledge-cultural-year-20th-anniversary",
      "sco-2020-summit-article",
      "sco-20th-anniversary",
      "sco-cultural-year",
    ]);
    for (const { id, span } of inferred) {
      expect(span.note, id).toBeTruthy();
      expect(span.evidence?.length, id).toBeGreaterThanOrEqual(2);
    }
  });

  it("a document's date is when it was made, and the period it covers is apart", async () => {
    const plan = byId.get("action-plan-2021-2025") as EntityOf<"DOCUMENT">;
    expect(plan.date).toMatchObject({ start: "2020-11-10" });
    expect(plan.covers).toMatchObject({ start: "2021", end: "2025", raw: null });
    const result = await execute<{
      timeline: { nodes: { entity: { slug: string } }[] };
      document: {
        date: { start: string };
        covers: { start: string; end: string; evidence: { quote: string }[] };
      };
    }>(`{
      timeline(from: "2021", to: "2021", first: 100) { nodes { entity { slug } } }
      document(slug: "action-plan-2021-2025") { date { start } covers { start end evidence { quote } } }
    }`);
    expect(result.errors).toBeUndefined();
    const in2021 = result.data?.timeline.nodes.map((n) => n.entity.slug) ?? [];
    expect(in2021).not.toContain("action-plan-2021-2025");
    // The 2021 commitment the audit found undated is dated now, by the anniversary it celebrates.
    expect(in2021).toContain("leaders-pledge-cultural-year-20th-anniversary");
    expect(result.data?.document.covers).toEqual({
      start: "2021",
      end: "2025",
      evidence: [{ quote: "Action Plan for 2021-2025" }],
    });
  });
});

describe("inferred relations", () => {
  it("are marked exactly when their note says they are inferred or derived, and always explain themselves", () => {
    for (const relation of seed.relations) {
      const note = relation.qualifiers.note ?? "";
      const saysInferred = /^(Inferred|Derived|Coreference)/.test(note);
      expect(relation.qualifiers.inferred === true, `${relation.id}: ${note}`).toBe(saysInferred);
    }
  });

  it("a derived MAKES carries the quotes of the link it comes through and of each step to it", () => {
    const byKey = new Map(seed.relations.map((r) => [r.id, r]));
    const derived = seed.relations.filter(
      (r) => r.qualifiers.attribution && r.qualifiers.attribution !== "DIRECT",
    );
    expect(derived.length).toBeGreaterThan(50);
    for (const relation of derived) {
      const through = relation.qualifiers.through as string;
      const via = byKey.get(`${through}~MAKES~${relation.to}`);
      expect(via, relation.id).toBeDefined();
      const quotes = new Set(relation.evidence.map((e) => `${e.start}:${e.end}`));
      for (const e of via?.evidence ?? []) expect(quotes.has(`${e.start}:${e.end}`), relation.id).toBe(true);
      const step =
        relation.qualifiers.capacity !== undefined
          ? byKey.get(`${relation.qualifiers.capacity}~POST_IN~${relation.from}`)
          : byKey.get(`${relation.from}~MEMBER_OF~${through}`);
      expect(step, relation.id).toBeDefined();
      for (const e of step?.evidence ?? []) expect(quotes.has(`${e.start}:${e.end}`), relation.id).toBe(true);
    }
  });

  it("the post of China is inferred from quotes about China, not cited from an unrelated sentence", () => {
    const postIn = seed.relations.find((r) => r.id === "president-of-china~POST_IN~china");
    expect(postIn?.qualifiers.inferred).toBe(true);
    for (const e of postIn?.evidence ?? []) expect(e.quote).toMatch(/China/);
  });
});

describe("names", () => {
  const normal = (name: string) => name.toLowerCase().replace(/^the /, "");

  it("no alias repeats its entity's name or another alias (ignoring case and a leading “the”)", () => {
    for (const entity of seed.entities) {
      const names = [entity.name, ...entity.aliases].map(normal);
      expect(new Set(names).size, `${entity.id}: ${names.join(" | ")}`).toBe(names.length);
    }
  });

  it("has the names people search for", () => {
    expect(byId.get("wto")?.aliases).toEqual(expect.arrayContaining(["WTO", "World Trade Organisation"]));
    expect(byId.get("sco")?.aliases).toContain("Shanghai Cooperation Organisation");
    expect(byId.get("who")?.aliases).toContain("World Health Organisation");
  });

  it("keeps bullying and trade restrictions apart", () => {
    const unilateralism = byId.get("unilateralism");
    expect(unilateralism?.aliases).toEqual([]);
    expect(byId.get("unilateral-bullying")?.evidence.map((e) => e.quote)).toEqual([
      "unilateral acts of bullying",
    ]);
    expect(byId.get("unilateral-trade-restrictions")?.evidence.map((e) => e.quote)).toEqual([
      "unilateral trade restrictions",
    ]);
    const opposes = seed.relations.filter(
      (r) => r.type === "OPPOSES" && r.from === "leaders-position-oppose-unilateral-trade-restrictions",
    );
    expect(opposes.map((r) => r.to).sort()).toEqual(["protectionism", "unilateral-trade-restrictions"]);
  });
});

describe("topics", () => {
  const STOP = new Set(["and", "with", "that", "from", "international", "cooperation", "free", "the"]);
  const stems = (words: string) =>
    words
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 3 && !STOP.has(word))
      .map((word) => word.slice(0, 5));

  it("every CONCERNS link to a topic stands in sentences that name the topic (a word of its name or an alias)", () => {
    const unnamed: string[] = [];
    for (const relation of seed.relations) {
      const topic = byId.get(relation.to);
      if (relation.type !== "CONCERNS" || topic?.kind !== "TOPIC") continue;
      const words = new Set([topic.name, ...topic.aliases].flatMap(stems));
      const sentences = relation.evidence.flatMap((e) =>
        spans.filter((s) => s.start < e.end && s.end > e.start).map((s) => text.slice(s.start, s.end)),
      );
      if (!stems(sentences.join(" ")).some((word) => words.has(word))) unnamed.push(relation.id);
    }
    expect(unnamed).toEqual([]);
  });
});
