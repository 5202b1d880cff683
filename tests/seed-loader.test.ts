import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import { type SeedProblem, SeedValidationError } from "../src/graph/problems.ts";
import { FIXTURE_TEXT, VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";

/** Load a seed expected to be bad and return its problems. */
function problemsOf(graphFiles: Record<string, string>): SeedProblem[] {
  const dir = writeSeed(graphFiles);
  try {
    loadSeed(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedValidationError);
    return (error as SeedValidationError).problems;
  }
  throw new Error("expected the seed to be rejected");
}

/** The 1-based line on which `fragment` first appears in `text`. */
function lineOf(text: string, fragment: string): number {
  const at = text.indexOf(fragment);
  expect(at).toBeGreaterThanOrEqual(0);
  return text.slice(0, at).split("\n").length;
}

/** Replace one exact fragment of the valid fixture graph, failing loudly if it is not there. */
function variant(find: string, replace: string): string {
  expect(VALID_GRAPH).toContain(find);
  return VALID_GRAPH.replace(find, replace);
}

describe("loading a valid seed", () => {
  const loaded = loadSeed(writeSeed({ "graph.yaml": VALID_GRAPH }));

  it("resolves each quote to its offsets and section", () => {
    const pledge = loaded.entities.find((e) => e.id === "acme-pledge-forum");
    const [evidence] = pledge?.evidence ?? [];
    expect(evidence).toBeDefined();
    expect(FIXTURE_TEXT.slice(evidence?.start, evidence?.end)).toBe(
      "Alice pledged that Acme will host a forum next year",
    );
    expect(evidence?.section).toBe("I");
    const alice = loaded.entities.find((e) => e.id === "alice");
    expect(alice?.evidence[0]?.section).toBeNull();
  });

  it("picks the requested occurrence of a repeated quote", () => {
    const relation = loaded.relations.find((r) => r.type === "PARTICIPATES_IN");
    const second = FIXTURE_TEXT.lastIndexOf("The meeting was short.");
    expect(relation?.evidence[0]?.start).toBe(second);
    expect(relation?.evidence[0]?.section).toBe("I");
  });

  it("expands commitment shorthand into relations citing the commitment's evidence", () => {
    const makes = loaded.relations.find((r) => r.type === "MAKES" && r.to === "bob-call-plant-trees");
    expect(makes?.from).toBe("bob");
    expect(makes?.evidence[0]?.quote).toBe(
      "Bob called on all parties to plant trees in the coming three years",
    );
    const concerns = loaded.relations.find((r) => r.type === "CONCERNS" && r.from === "bob-call-plant-trees");
    expect(concerns?.to).toBe("trees");
  });

  it("resolves relative dates against the source's year, keeping the raw phrase", () => {
    const call = loaded.entities.find((e) => e.id === "bob-call-plant-trees");
    expect(call?.kind === "COMMITMENT" && call.timeframe).toMatchObject({
      start: "2021",
      end: "2023",
      precision: "YEAR",
      raw: "the coming three years",
      inferred: false,
      note: null,
    });
    // The date cites the entity's quotes that hold its phrase.
    expect(call?.kind === "COMMITMENT" && call.timeframe?.evidence?.map((e) => e.quote)).toEqual([
      "Bob called on all parties to plant trees in the coming three years",
    ]);
    const forum = loaded.entities.find((e) => e.id === "forum");
    expect(forum?.kind === "EVENT" && forum.date).toMatchObject({
      start: "2021",
      end: "2021",
      precision: "YEAR",
      raw: "next year",
    });
  });

  it("keeps qualifiers on relations", () => {
    expect(loaded.relations.find((r) => r.type === "HOSTS")?.qualifiers).toEqual({ date: "2021" });
  });
});

describe("deriving who else a commitment binds", () => {
  // Bob chairs Acme (a post of Acme), so his call binds Acme; Alice and Acme are in a club that makes Acme's
  // pledge jointly, so it binds Alice (a member), and Acme (also a member) keeps its one curated link.
  const graph = VALID_GRAPH.replace(
    "relations:",
    `  - id: chair
    kind: POST
    name: Chair of Acme
    description: The chair of Acme.
    evidence: ["Bob called on all parties"]
  - id: club
    kind: GROUP
    name: The club
    description: Alice and Acme.
    evidence: ["Alice met Bob"]
relations:
  - { type: HOLDS_POST, from: bob, to: chair, evidence: ["Bob called on all parties"] }
  - type: POST_IN
    from: chair
    to: acme
    qualifiers: { inferred: true, note: "Inferred: Bob speaks for Acme." }
    evidence: ["Acme will host a forum"]
  - { type: MEMBER_OF, from: alice, to: club, evidence: ["Alice met Bob"] }
  - { type: MEMBER_OF, from: acme, to: club, evidence: ["Acme will host a forum"] }`,
  ).replace("committedBy: [acme]", "committedBy: [acme, club]");
  const derived = loadSeed(writeSeed({ "g.yaml": graph })).relations.filter((r) => r.type === "MAKES");
  const link = (from: string, to: string) => derived.find((r) => r.from === from && r.to === to);

  it("a commitment made by an office-holder binds the body of his post, marked and with the chain of quotes", () => {
    expect(link("bob", "bob-call-plant-trees")?.qualifiers).toEqual({
      attribution: "DIRECT",
      capacity: "chair",
      onBehalfOf: "acme",
    });
    const acme = link("acme", "bob-call-plant-trees");
    expect(acme?.qualifiers).toMatchObject({
      inferred: true,
      attribution: "CAPACITY",
      through: "bob",
      capacity: "chair",
    });
    expect(acme?.evidence.map((e) => e.quote)).toEqual([
      "Bob called on all parties to plant trees in the coming three years",
      "Bob called on all parties",
      "Acme will host a forum",
    ]);
  });

  it("a group's commitment binds its members once each, never duplicating a curated link", () => {
    expect(link("alice", "acme-pledge-forum")?.qualifiers).toMatchObject({
      inferred: true,
      attribution: "MEMBERSHIP",
      through: "club",
    });
    expect(derived.filter((r) => r.from === "acme" && r.to === "acme-pledge-forum")).toHaveLength(1);
    expect(link("acme", "acme-pledge-forum")?.qualifiers.attribution).toBe("DIRECT");
  });
});

describe("rejecting a bad seed, with file, line, problem and fix", () => {
  it("an inferred relation that does not say how it follows", () => {
    const graph = variant('qualifiers: { date: "2021" }', "qualifiers: { inferred: true }");
    const problems = problemsOf({ "g.yaml": graph });
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(graph, "inferred: true"),
        message: expect.stringMatching(/inferred relation says in `note`/),
        fix: expect.stringMatching(/note/),
      }),
    ]);
  });

  it("an inferred date without its note and chain of quotes", () => {
    const graph = variant("date: { raw: next year }", "date: { start: '2021', inferred: true }");
    const problems = problemsOf({ "g.yaml": graph });
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(graph, "inferred: true"),
        message: expect.stringMatching(/inferred date says how it follows/),
      }),
    ]);
  });

  it("malformed YAML", () => {
    const problems = problemsOf({
      "good.yaml": VALID_GRAPH,
      "bad.yaml": "entities:\n  - id: x\n    kind: [PERSON\n",
    });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.file).toMatch(/graph\/bad\.yaml$/);
      expect(problem.message).toMatch(/^malformed YAML/);
      expect(problem.line).toBeGreaterThanOrEqual(3);
    }
  });

  it("malformed JSON", () => {
    const problems = problemsOf({ "bad.json": '{"entities": [\n  {"id": "x",,}\n]}' });
    expect(problems[0]?.file).toMatch(/graph\/bad\.json$/);
    expect(problems[0]?.message).toMatch(/^malformed JSON/);
    expect(problems[0]?.line).toBe(2);
  });

  it("unknown entity kind, with a suggestion", () => {
    const graph = variant("kind: ORGANIZATION", "kind: ORGANISATION");
    const problems = problemsOf({ "g.yaml": graph });
    expect(problems).toHaveLength(3); // the entity, plus the two relations now pointing at nothing
    expect(problems[0]).toMatchObject({
      line: lineOf(graph, "ORGANISATION"),
      message: 'unknown entity kind "ORGANISATION"',
    });
    expect(problems[0]?.fix).toMatch(/did you mean ORGANIZATION/);
  });

  it("unknown relation type, with a suggestion", () => {
    const problems = problemsOf({ "g.yaml": variant("type: HOSTS", "type: HOST") });
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(VALID_GRAPH, "type: HOSTS"),
        message: 'unknown relation type "HOST"',
        fix: expect.stringMatching(/HOSTS/),
      }),
    ]);
  });

  it("duplicate id, naming where it was first defined", () => {
    const problems = problemsOf({
      "a.yaml": VALID_GRAPH,
      "b.yaml": VALID_GRAPH.split("relations:")[0] ?? "",
    });
    expect(problems.length).toBe(8);
    expect(problems[0]?.file).toMatch(/b\.yaml$/);
    expect(problems[0]?.message).toMatch(/^duplicate id "tiny-report" \(first defined at .*a\.yaml:3\)/);
    expect(problems[1]?.message).toMatch(/^duplicate id "alice" \(first defined at .*a\.yaml:10\)/);
  });

  it("dangling reference, with the closest id", () => {
    const problems = problemsOf({ "g.yaml": variant("committedBy: [acme]", "committedBy: [acmee]") });
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(VALID_GRAPH, "committedBy: [acme]"),
        message: 'dangling reference: MAKES from "acmee", which no entity defines',
        fix: expect.stringMatching(/did you mean "acme"/),
      }),
    ]);
  });

  it("quote not found, showing the closest passage", () => {
    const problems = problemsOf({ "g.yaml": variant('["Alice met Bob"]', '["Alice met Bob in London"]') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: lineOf(VALID_GRAPH, '["Alice met Bob"]'),
      message: 'quote not found in tiny: "Alice met Bob in London"',
    });
    expect(problems[0]?.fix).toContain('closest passage is "Alice met Bob in Paris');
  });

  it("ambiguous quote, listing where it occurs", () => {
    const problems = problemsOf({
      "g.yaml": variant(
        'quote: "The meeting was short."\n        occurrence: 2',
        'quote: "The meeting was short."',
      ),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^quote is ambiguous: "The meeting was short." occurs 2 times/);
    expect(problems[0]?.fix).toMatch(/occurrence: N/);
  });

  it("occurrence out of range", () => {
    const problems = problemsOf({ "g.yaml": variant("occurrence: 2", "occurrence: 3") });
    expect(problems[0]?.message).toMatch(/occurrence 3 .* occurs 2 time/);
  });

  it("missing evidence", () => {
    const problems = problemsOf({ "g.yaml": variant('    evidence: ["plant trees"]\n', "") });
    expect(problems[0]).toMatchObject({
      line: lineOf(VALID_GRAPH, "- id: trees"),
      message: expect.stringMatching(/evidence/),
    });
    expect(problems[0]?.fix).toBe("add this required field");
    const empty = problemsOf({ "g.yaml": variant('["plant trees"]', "[]") });
    expect(empty[0]?.message).toMatch(/at least one evidence quote/);
  });

  it("date that does not parse", () => {
    const problems = problemsOf({
      "g.yaml": variant("date: { raw: next year }", "date: { raw: sometime soon }"),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: lineOf(VALID_GRAPH, "date: { raw: next year }"),
      message: expect.stringMatching(/date that does not parse/),
    });
    const badFormat = problemsOf({ "g.yaml": variant('date: "2021"', 'date: "21st May"') });
    expect(badFormat[0]?.message).toMatch(/YYYY/);
  });

  it("a source that no DOCUMENT entity holds", () => {
    const problems = problemsOf({ "g.yaml": variant("    source: tiny\n", "") });
    expect(problems).toEqual([
      expect.objectContaining({ message: 'source "tiny" is held by no DOCUMENT entity', line: 1 }),
    ]);
    expect(problems[0]?.file).toMatch(/sources\/tiny\.txt$/);
  });

  it("relation endpoints of the wrong kind", () => {
    const problems = problemsOf({
      "g.yaml": variant("from: acme\n    to: forum", "from: acme\n    to: trees"),
    });
    expect(problems[0]?.message).toBe('HOSTS cannot go to TOPIC "trees"');
  });

  it("reports every problem at once, and loads nothing", () => {
    const bad = VALID_GRAPH.replace("kind: PERSON", "kind: HUMAN")
      .replace('["plant trees"]', '["plant shrubs"]')
      .replace("type: HOSTS", "type: HOST");
    const problems = problemsOf({ "g.yaml": bad, "broken.yaml": "entities: [" });
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^malformed YAML/),
        'unknown entity kind "HUMAN"',
        expect.stringMatching(/^quote not found/),
        'unknown relation type "HOST"',
      ]),
    );
  });

  it("npm run check prints every problem with file:line and exits 1", () => {
    const dir = writeSeed({ "g.yaml": variant("type: HOSTS", "type: HOST") });
    let output = "";
    let status = 0;
    try {
      execFileSync("npx", ["tsx", "src/check.ts", dir], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const failure = error as { status: number; stderr: string };
      status = failure.status;
      output = failure.stderr;
    }
    expect(status).toBe(1);
    expect(output).toContain(
      `graph/g.yaml:${lineOf(VALID_GRAPH, "type: HOSTS")}: unknown relation type "HOST"`,
    );
    expect(output).toMatch(/nothing was loaded/);
  });
});
