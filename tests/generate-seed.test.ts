import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateSeed, SYNTHETIC_SOURCE } from "../bench/generate-seed.ts";
import { loadSeed } from "../src/graph/load.ts";
import { SeedValidationError } from "../src/graph/problems.ts";
import { findOccurrences } from "../src/graph/text.ts";
import { FIXTURE_TEXT, VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";

// Spy on the quote search, to tell whether the loader scanned the text for a quote or took its `near` as is.
vi.mock("../src/graph/text.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/graph/text.ts")>();
  return { ...original, findOccurrences: vi.fn(original.findOccurrences) };
});

describe("generateSeed", () => {
  const dir = mkdtempSync(join(tmpdir(), "generated-seed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const target = 1_000;
  const generated = generateSeed(dir, target);
  const loaded = loadSeed(dir);
  /** The relations the generator wrote (a link the loader derives would be marked CAPACITY or MEMBERSHIP). */
  const curated = loaded.relations.filter(
    (relation) => (relation.qualifiers.attribution ?? "DIRECT") === "DIRECT",
  );
  const text = readFileSync(join(dir, "sources", `${SYNTHETIC_SOURCE}.txt`), "utf8");

  it("writes a seed that loads without problems, with about the target number of relations", () => {
    expect(loaded.sources.map((source) => source.id)).toEqual([SYNTHETIC_SOURCE]);
    expect(loaded.entities).toHaveLength(generated.entities);
    expect(curated).toHaveLength(generated.relations);
    expect(Math.abs(curated.length - target)).toBeLessThanOrEqual(target * 0.1);
    // Persons join countries, whose commitments bind no member: the loader derives nothing, so the relations
    // loaded are exactly those written (the start-up test compares the count the server prints).
    expect(loaded.relations).toHaveLength(curated.length);
    expect(loaded.relations.filter((relation) => relation.type === "MEMBER_OF").length).toBeGreaterThan(0);
    expect(generated.bytes).toBeGreaterThan(text.length);
  });

  it("has the real seed's shape: every kind it needs, sections, and commitment degrees like the real ones", () => {
    const kinds = new Set(loaded.entities.map((entity) => entity.kind));
    for (const kind of [
      "PERSON",
      "COUNTRY",
      "GROUP",
      "INITIATIVE",
      "COMMITMENT",
      "TOPIC",
      "DOCUMENT",
      "EVENT",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const holder = loaded.entities.find((entity) => entity.kind === "DOCUMENT" && entity.sourceId);
    expect(holder?.kind === "DOCUMENT" && holder.sourceId).toBe(SYNTHETIC_SOURCE);
    expect(loaded.sources[0]?.sections.map((section) => section.label)).toEqual([
      "I",
      "II",
      "III",
      "IV",
      "V",
    ]);
    for (const section of loaded.sources[0]?.sections ?? []) {
      expect(section.start === 0 || text[section.start - 1] === "\n", section.title).toBe(true);
    }
    const types = new Set(loaded.relations.map((relation) => relation.type));
    for (const type of ["PROPOSES", "SUPPORTS", "CONCERNS", "PARTICIPATES_IN", "MAKES", "CONTAINS"]) {
      expect(types, type).toContain(type);
    }
    for (const commitment of loaded.entities.filter((entity) => entity.kind === "COMMITMENT")) {
      const count = (type: string, end: "from" | "to") =>
        curated.filter((relation) => relation.type === type && relation[end] === commitment.id).length;
      expect(count("MAKES", "to"), commitment.id).toBeGreaterThanOrEqual(1);
      expect(count("MAKES", "to"), commitment.id).toBeLessThanOrEqual(2);
      expect(count("CONTAINS", "to"), commitment.id).toBe(1);
      expect(count("CONCERNS", "from"), commitment.id).toBeGreaterThanOrEqual(1);
      expect(count("CONCERNS", "from"), commitment.id).toBeLessThanOrEqual(3);
    }
  });

  it("cites every quote verbatim at its `near` offset, and every quote is unique in the text", () => {
    const graphDir = join(dir, "graph");
    let quotes = 0;
    for (const name of readdirSync(graphDir)) {
      const file = JSON.parse(readFileSync(join(graphDir, name), "utf8")) as {
        entities?: { evidence: { quote: string; near: number }[] }[];
        relations?: { evidence: { quote: string; near: number }[] }[];
      };
      for (const item of [...(file.entities ?? []), ...(file.relations ?? [])]) {
        for (const { quote, near } of item.evidence) {
          quotes++;
          expect(text.startsWith(quote, near), quote).toBe(true);
          expect(text.indexOf(quote), quote).toBe(near);
          expect(text.indexOf(quote, near + 1), quote).toBe(-1);
        }
      }
    }
    const explicit = loaded.relations.filter((relation) => !relation.evidence[0]?.quote.match(/\(c\d+\)\.$/));
    expect(quotes).toBe(loaded.entities.length + explicit.length);
    for (const fact of [...loaded.entities, ...loaded.relations]) {
      for (const evidence of fact.evidence) {
        expect(text.slice(evidence.start, evidence.end)).toBe(evidence.quote);
      }
    }
  });

  it("writes the same seed for the same arguments", () => {
    const again = mkdtempSync(join(tmpdir(), "generated-seed-"));
    try {
      expect(generateSeed(again, target)).toEqual(generated);
      for (const name of ["sources/synthetic.txt", "graph/entities-0001.json", "graph/relations-0001.json"]) {
        expect(readFileSync(join(again, name), "utf8"), name).toBe(readFileSync(join(dir, name), "utf8"));
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe("evidence `near` at the exact start offset", () => {
  const quote = "The meeting was short.";
  const first = FIXTURE_TEXT.indexOf(quote);
  const second = FIXTURE_TEXT.lastIndexOf(quote);
  const searched = vi.mocked(findOccurrences);
  beforeEach(() => {
    searched.mockClear();
  });

  /** Load the fixture with the repeated quote of PARTICIPATES_IN cited with `near` and return its offset. */
  function startWithNear(near: number): number | undefined {
    const graph = VALID_GRAPH.replace("        occurrence: 2", `        near: ${near}`);
    expect(graph).not.toBe(VALID_GRAPH);
    const loaded = loadSeed(writeSeed({ "graph.yaml": graph }));
    return loaded.relations.find((relation) => relation.type === "PARTICIPATES_IN")?.evidence[0]?.start;
  }
  const searchedFor = (text: string) => searched.mock.calls.filter(([, wanted]) => wanted === text).length;

  it("is honoured without searching the text for the quote", () => {
    expect(first).toBeLessThan(second);
    expect(startWithNear(second)).toBe(second);
    expect(startWithNear(first)).toBe(first);
    expect(searchedFor(quote)).toBe(0);
  });

  it("falls back to the search, and the nearest occurrence, when it is not exact", () => {
    expect(startWithNear(second - 3)).toBe(second);
    expect(startWithNear(first + 3)).toBe(first);
    expect(startWithNear(0)).toBe(first);
    expect(startWithNear(FIXTURE_TEXT.length + 100)).toBe(second);
    expect(searchedFor(quote)).toBe(4);
  });

  it("still reports a quote that is not in the source, whatever its `near`", () => {
    const graph = VALID_GRAPH.replace('"A Tiny Report"]', '{ quote: "A Tiny Reprot", near: 0 }]');
    expect(graph).not.toBe(VALID_GRAPH);
    let problems: SeedValidationError["problems"] = [];
    try {
      loadSeed(writeSeed({ "graph.yaml": graph }));
    } catch (error) {
      expect(error).toBeInstanceOf(SeedValidationError);
      problems = (error as SeedValidationError).problems;
    }
    expect(problems.map((problem) => problem.message)).toEqual(['quote not found in tiny: "A Tiny Reprot"']);
  });
});

describe("JSON graph files (parsed with JSON.parse, line numbers only when a problem needs one)", () => {
  const report = {
    id: "tiny-report",
    kind: "DOCUMENT",
    documentType: "ARTICLE",
    source: "tiny",
    name: "A Tiny Report",
    description: "The report itself.",
    evidence: ["A Tiny Report"],
  };
  const alice = {
    id: "alice",
    kind: "PERSON",
    name: "Alice",
    description: "Alice.",
    evidence: ["Alice met Bob"],
  };
  const json = (...lines: string[]) => `{"source": "tiny", "entities": [\n${lines.join(",\n")}\n]}\n`;
  function problemsOf(content: string): SeedValidationError["problems"] {
    try {
      loadSeed(writeSeed({ "graph.json": content }));
    } catch (error) {
      expect(error).toBeInstanceOf(SeedValidationError);
      return (error as SeedValidationError).problems;
    }
    return [];
  }

  it("loads, with strings holding colons, quotes and backslashes", () => {
    const odd = { ...alice, name: 'Alice: "A\\" {x}' };
    expect(problemsOf(json(JSON.stringify(report), JSON.stringify(odd)))).toEqual([]);
  });

  it("reports a problem at the line of the item", () => {
    const bad = { ...alice, evidence: ["Alice met Bobby"] };
    const [problem] = problemsOf(json(JSON.stringify(report), JSON.stringify(bad)));
    expect(problem?.file).toMatch(/graph\/graph\.json$/);
    expect(problem?.line).toBe(3);
    expect(problem?.message).toBe('quote not found in tiny: "Alice met Bobby"');
  });

  it("still rejects a repeated key, which JSON.parse alone would let through", () => {
    const repeated = JSON.stringify(alice).replace('"name":"Alice"', '"name":"Alice","name":"Alice B"');
    const [problem] = problemsOf(json(JSON.stringify(report), repeated));
    expect(problem?.line).toBe(3);
    expect(problem?.message).toBe("malformed JSON: Map keys must be unique");
  });

  it("still accepts what the YAML parser accepts in a .json file, such as a comment", () => {
    expect(problemsOf(`# generated\n${json(JSON.stringify(report))}`)).toEqual([]);
  });
});
