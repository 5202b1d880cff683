/**
 * Seeds built to break the loader: oversized, bomb-shaped, deeply nested, binary or self-contradicting input.
 * Whatever the input, the loader holds the same properties: it never throws anything but a SeedValidationError,
 * every problem names a file and line with what is wrong and how to fix it, and nothing is loaded.
 */
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import { RELATION_TYPES } from "../src/graph/model.ts";
import { type SeedProblem, SeedValidationError } from "../src/graph/problems.ts";
import { SEED_LIMITS } from "../src/graph/seed-files.ts";
import { FIXTURE_META, FIXTURE_TEXT, VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";

/** Load a seed directory expected to be rejected; returns its problems, each checked to be well-formed. */
function rejected(dir: string): SeedProblem[] {
  let error: unknown;
  try {
    loadSeed(dir);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SeedValidationError);
  const problems = (error as SeedValidationError).problems;
  for (const problem of problems) {
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.file.length).toBeGreaterThan(0);
    expect(problem.fix.length).toBeGreaterThan(0);
    // One line each, however large the input: a problem never carries the offending text whole.
    for (const text of [problem.message, problem.fix]) {
      expect(text).not.toMatch(/\n/);
      expect(text.length).toBeLessThan(500);
    }
  }
  return problems;
}

/** The valid fixture with extra relations appended. */
function withRelations(...relations: Array<[type: string, from: string, to: string]>): string {
  return `${VALID_GRAPH}${relations
    .map(
      ([type, from, to]) => `  - { type: ${type}, from: ${from}, to: ${to}, evidence: ["Alice met Bob"] }\n`,
    )
    .join("")}`;
}

/** The 1-based line of the first line of `text` containing `fragment`. */
function lineOf(text: string, fragment: string): number {
  const at = text.indexOf(fragment);
  expect(at).toBeGreaterThanOrEqual(0);
  return text.slice(0, at).split("\n").length;
}

describe("size limits", () => {
  it("rejects a single 5 MB word, naming the token limit", () => {
    const problems = rejected(
      writeSeed({ "g.yaml": VALID_GRAPH, "w.yaml": `name: ${"a".repeat(5_000_000)}\n` }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/graph\/w\.yaml$/),
        line: 1,
        message: `a run of more than ${SEED_LIMITS.tokenChars} characters without white space`,
      }),
    ]);
  });

  it("rejects a long word in a source text too, at its line", () => {
    const text = `${FIXTURE_TEXT}\n${"x".repeat(SEED_LIMITS.tokenChars + 1)}\n`;
    const problems = rejected(
      writeSeed({ "g.yaml": VALID_GRAPH }, { "sources/tiny.txt": text, "sources/tiny.yaml": FIXTURE_META }),
    );
    expect(problems[0]).toMatchObject({ line: text.split("\n").length - 1 });
    expect(problems[0]?.file).toMatch(/sources\/tiny\.txt$/);
    expect(problems[0]?.message).toContain(String(SEED_LIMITS.tokenChars));
  });

  it("accepts a token exactly at the limit", () => {
    const graph = VALID_GRAPH.replace(
      "description: Planting trees.",
      `description: ${"t".repeat(SEED_LIMITS.tokenChars)}`,
    );
    expect(loadSeed(writeSeed({ "g.yaml": graph })).entities).toHaveLength(8);
  });

  it("rejects a file larger than the limit before reading it", () => {
    const dir = writeSeed({ "g.yaml": VALID_GRAPH });
    // Sparse: the file is large on paper without writing 64 MB of test data.
    const huge = join(dir, "graph", "huge.yaml");
    writeFileSync(huge, "");
    truncateSync(huge, SEED_LIMITS.fileBytes + 1);
    const problems = rejected(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/huge\.yaml$/),
        message: `file of ${SEED_LIMITS.fileBytes + 1} bytes, larger than the limit of ${SEED_LIMITS.fileBytes} bytes`,
      }),
    ]);
  });

  it("finds a long quote's closest passage in a few scans of the source, and shows a bounded passage", () => {
    // The search used to try every prefix length, one scan of the source each: 150,000 scans of a 200 KB text
    // here, minutes of work, ending in a problem that quoted 150 KB back. It now binary-searches the length.
    const text = `${FIXTURE_TEXT}${"lorem ipsum dolor sit amet ".repeat(8_000)}\n`;
    const quote = `Alice pledged ${"so ".repeat(50_000)}`;
    const problems = rejected(
      writeSeed(
        { "g.yaml": VALID_GRAPH.replace('["plant trees"]', JSON.stringify([quote])) },
        { "sources/tiny.txt": text, "sources/tiny.yaml": FIXTURE_META },
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.fix).toContain('closest passage is "Alice pledged that Acme will host');
  });
});

describe("YAML and JSON shapes", () => {
  it("bounds alias expansion: a billion-laughs bomb is one problem at its first alias", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    const problems = rejected(writeSeed({ "g.yaml": VALID_GRAPH, "bomb.yaml": lines.join("\n") }));
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/bomb\.yaml$/),
        line: 2,
        message: expect.stringContaining(`limit of ${SEED_LIMITS.aliasCount}`),
      }),
    ]);
  });

  it("still accepts a few aliases", () => {
    const graph = VALID_GRAPH.replace(
      'evidence: ["Alice met Bob"]',
      'evidence: &met ["Alice met Bob"]',
    ).replace('    evidence:\n      - "Acme will host a forum"', "    evidence: *met");
    expect(graph).toContain("*met");
    expect(
      loadSeed(writeSeed({ "g.yaml": graph })).relations.find((r) => r.type === "HOSTS")?.evidence[0]?.quote,
    ).toBe("Alice met Bob");
  });

  const deepBlock = (levels: number) => {
    let text = "";
    for (let level = 0; level < levels; level++) text += `${" ".repeat(level)}k:\n`;
    return `${text}${" ".repeat(levels)}x\n`;
  };
  const cases: Array<[string, string, string, number]> = [
    ["a 3,000-deep YAML mapping", "deep.yaml", deepBlock(3000), SEED_LIMITS.nestingDepth + 1],
    ["a 3,000-deep YAML flow list", "deep.yaml", `entities: ${"[".repeat(3000)}${"]".repeat(3000)}\n`, 1],
    [
      "a 20,000-deep JSON list",
      "deep.json",
      `{"entities":\n${"[ ".repeat(20_000)}${"] ".repeat(20_000)}}`,
      2,
    ],
  ];
  it.each(cases)("bounds nesting depth: %s", (_, name, content, line) => {
    const problems = rejected(writeSeed({ "g.yaml": VALID_GRAPH, [name]: content }));
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(new RegExp(`${name.replace(".", "\\.")}$`)),
        line,
        message: expect.stringMatching(
          new RegExp(`nested more than ${SEED_LIMITS.nestingDepth} levels deep`),
        ),
      }),
    ]);
  });

  it("rejects one level past the limit and accepts the limit itself, in YAML and in JSON", () => {
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    // The top-level mapping is one level, `entities` a second.
    for (const [name, content] of [
      ["n.yaml", (levels: number) => `entities: [${nested(levels)}]\n`],
      ["n.json", (levels: number) => `{"entities": [${nested(levels)}]}`],
    ] as const) {
      const atLimit = rejected(
        writeSeed({ "g.yaml": VALID_GRAPH, [name]: content(SEED_LIMITS.nestingDepth - 2) }),
      );
      expect(atLimit.map((p) => p.message).join("\n"), name).not.toMatch(/nested more than/);
      const past = rejected(
        writeSeed({ "g.yaml": VALID_GRAPH, [name]: content(SEED_LIMITS.nestingDepth - 1) }),
      );
      expect(
        past.map((p) => p.message),
        name,
      ).toEqual([expect.stringMatching(/nested more than/)]);
    }
  });
});

describe("files that are not regular files inside the seed", () => {
  it("reports a directory named like a graph file", () => {
    const dir = writeSeed({ "g.yaml": VALID_GRAPH });
    mkdirSync(join(dir, "graph", "x.yaml"));
    expect(rejected(dir)).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/graph\/x\.yaml$/),
        line: 1,
        message: expect.stringMatching(/^a directory/),
      }),
    ]);
  });

  it("reports a symbolic link loop, once per link", () => {
    const dir = writeSeed({ "g.yaml": VALID_GRAPH });
    symlinkSync("b.yaml", join(dir, "graph", "a.yaml"));
    symlinkSync("a.yaml", join(dir, "graph", "b.yaml"));
    const problems = rejected(dir);
    expect(problems.map((p) => [p.file.split("/").pop(), p.message])).toEqual([
      ["a.yaml", "symbolic link that loops back on itself"],
      ["b.yaml", "symbolic link that loops back on itself"],
    ]);
  });

  it("reports a symbolic link out of the seed, and follows one that stays inside", () => {
    const outside = writeSeed({ "g.yaml": VALID_GRAPH });
    const dir = writeSeed({});
    symlinkSync(join(outside, "graph", "g.yaml"), join(dir, "graph", "stolen.yaml"));
    expect(rejected(dir)[0]?.message).toMatch(/^symbolic link to .*, outside the seed directory$/);

    const inside = writeSeed({});
    mkdirSync(join(inside, "curated"));
    writeFileSync(join(inside, "curated", "g.yaml"), VALID_GRAPH);
    symlinkSync(join("..", "curated", "g.yaml"), join(inside, "graph", "g.yaml"));
    expect(loadSeed(inside).entities).toHaveLength(8);
  });

  it("reports a dangling symbolic link", () => {
    const dir = writeSeed({ "g.yaml": VALID_GRAPH });
    symlinkSync("missing.yaml", join(dir, "graph", "gone.yaml"));
    expect(rejected(dir)[0]?.message).toBe("symbolic link to a file that does not exist");
  });
});

describe("text encoding", () => {
  it("reports invalid UTF-8 at its line, in a graph file and in a source text", () => {
    const dir = writeSeed({ "g.yaml": VALID_GRAPH });
    const bad = Buffer.from([0xc3, 0x28]); // a two-byte lead followed by an ASCII byte
    const graph = VALID_GRAPH.replace("name: Bob", "name: Bob\u0001");
    const at = graph.indexOf("\u0001");
    writeFileSync(
      join(dir, "graph", "g.yaml"),
      Buffer.concat([Buffer.from(graph.slice(0, at)), bad, Buffer.from(graph.slice(at + 1))]),
    );
    writeFileSync(
      join(dir, "sources", "tiny.txt"),
      Buffer.concat([Buffer.from(`${FIXTURE_TEXT}x`), Buffer.from([0xff])]),
    );
    const problems = rejected(dir);
    const invalid = problems.filter((p) => p.message.startsWith("invalid UTF-8"));
    expect(invalid.map((p) => [p.file.split("/").pop(), p.line])).toEqual([
      ["tiny.txt", FIXTURE_TEXT.split("\n").length],
      ["g.yaml", lineOf(VALID_GRAPH, "name: Bob")],
    ]);
  });

  it("rejects overlong and surrogate encodings, which a lenient decoder would accept", () => {
    for (const bytes of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const dir = writeSeed({ "g.yaml": VALID_GRAPH });
      writeFileSync(join(dir, "graph", "x.yaml"), Buffer.concat([Buffer.from("name: "), Buffer.from(bytes)]));
      expect(rejected(dir)).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringMatching(/^invalid UTF-8/) }),
      ]);
    }
  });

  it("keeps a byte order mark, so offsets into a source do not move", () => {
    const dir = writeSeed(
      { "g.yaml": VALID_GRAPH },
      { "sources/tiny.txt": `\ufeff${FIXTURE_TEXT}`, "sources/tiny.yaml": FIXTURE_META },
    );
    const alice = loadSeed(dir).entities.find((e) => e.id === "alice");
    expect(alice?.evidence[0]?.start).toBe(FIXTURE_TEXT.indexOf("Alice met Bob") + 1);
  });

  // Every C0 control but tab, line feed and carriage return, plus DEL and a C1 control.
  const controls = [
    ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)),
    0x7f,
    0x85,
  ];
  it("rejects every control character, raw in the file or escaped in any string, keys included", () => {
    for (const code of controls) {
      const sequence = `\\u${code.toString(16).padStart(4, "0")}`;
      const escaped = rejected(
        writeSeed({ "g.yaml": VALID_GRAPH.replace("name: Alice", `name: "Al${sequence}ice"`) }),
      );
      expect(escaped, sequence).toEqual([
        expect.objectContaining({
          line: lineOf(VALID_GRAPH, "name: Alice"),
          message: `\`entities.1.name\`: string holds control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`,
        }),
      ]);
      const raw = rejected(
        writeSeed({ "g.yaml": VALID_GRAPH.replace("name: Bob", `name: B${String.fromCharCode(code)}ob`) }),
      );
      expect(raw[0], sequence).toMatchObject({
        line: lineOf(VALID_GRAPH, "name: Bob"),
        message: expect.stringMatching(/^control character U\+/),
      });
    }
    const key = rejected(writeSeed({ "g.json": '{"entities": [], "rel\\u0000ations": []}' }));
    expect(key[0]?.message).toBe("`rel\\u0000ations`: key holds control character U+0000");
    const surrogate = rejected(
      writeSeed({ "g.yaml": VALID_GRAPH.replace("name: Alice", 'name: "Al\\ud800ice"') }),
    );
    expect(surrogate[0]?.message).toBe("`entities.1.name`: string holds an unpaired surrogate U+D800");
  });

  it("rejects a NUL in a source text, with a count of the others", () => {
    const text = FIXTURE_TEXT.replace("Alice met Bob", "Alice\u0000met\u0000Bob");
    const problems = rejected(
      writeSeed({ "g.yaml": VALID_GRAPH }, { "sources/tiny.txt": text, "sources/tiny.yaml": FIXTURE_META }),
    );
    expect(problems[0]).toMatchObject({
      line: lineOf(text, "Alice"),
      message: "control character U+0000 (and 1 more in this file)",
    });
  });
});

describe("calendar dates", () => {
  const impossible = [
    "2020-13-45",
    "2020-00",
    "2020-13",
    "2021-02-29",
    "2100-02-29",
    "2021-02-30",
    "2020-04-31",
    "2020-06-00",
    "2020-01-32",
  ];
  const real = ["2020", "2020-02", "2020-02-29", "2000-02-29", "2021-12-31", "2020-04-30"];
  /** The fixture with `date` put in each place a date is accepted: a source, an entity, a timeframe, a qualifier. */
  const placed = (date: string) => ({
    graph: VALID_GRAPH.replace('qualifiers: { date: "2021" }', `qualifiers: { date: "${date}" }`)
      .replace("date: { raw: next year }", `date: { start: "${date}" }`)
      .replace("timeframe: { raw: next year }", `timeframe: { start: "1900", end: "${date}" }`),
    meta: FIXTURE_META.replace('date: { start: "2020-05-01" }', `date: { start: "${date}" }`),
  });

  it.each(impossible)("rejects %s wherever a date is accepted", (date) => {
    const { graph, meta } = placed(date);
    const problems = rejected(
      writeSeed({ "g.yaml": graph }, { "sources/tiny.txt": FIXTURE_TEXT, "sources/tiny.yaml": meta }),
    );
    const lines = problems
      .filter((p) => p.message.includes(`"${date}" is not a date`))
      .map((p) => [p.file.split("/").pop(), p.line]);
    expect(lines).toEqual([
      ["tiny.yaml", lineOf(meta, "date:")],
      ["g.yaml", lineOf(graph, `date: { start: "${date}" }`)],
      ["g.yaml", lineOf(graph, `end: "${date}"`)],
      ["g.yaml", lineOf(graph, `qualifiers: { date: "${date}" }`)],
    ]);
    expect(problems.find((p) => p.message.includes(date))?.fix).toBe("give a real calendar date");
  });

  it.each(real)("accepts %s", (date) => {
    const { graph, meta } = placed(date);
    expect(() =>
      loadSeed(
        writeSeed({ "g.yaml": graph }, { "sources/tiny.txt": FIXTURE_TEXT, "sources/tiny.yaml": meta }),
      ),
    ).not.toThrow();
  });

  it("says what is wrong with the date", () => {
    const { graph } = placed("2021-02-30");
    const problems = rejected(writeSeed({ "g.yaml": graph }));
    expect(problems[0]?.message).toMatch(/"2021-02-30" is not a date: February 2021 has days 01-28$/);
  });
});

describe("relations that loop", () => {
  it("rejects a relation from an entity to itself, for every relation type", () => {
    // One entity of each kind the fixture has; a type whose ends admit none of them twice cannot loop at all.
    const candidates = ["trees", "acme", "alice", "forum", "tiny-report", "acme-pledge-forum"];
    let looped = 0;
    for (const type of RELATION_TYPES) {
      const messages = candidates.flatMap((id) => {
        const graph = withRelations([type, id, id]);
        const problems = rejected(writeSeed({ "g.yaml": graph }));
        expect(problems.length, `${type} ${id}`).toBeGreaterThanOrEqual(1);
        for (const problem of problems) expect(problem.line).toBe(graph.split("\n").length - 1);
        return problems.map((problem) => problem.message);
      });
      for (const message of messages)
        expect(message).toMatch(new RegExp(`^${type} (from ".*" to itself$|cannot go)`));
      if (messages.some((message) => message.endsWith("to itself"))) looped++;
    }
    // Every type without fixed, disjoint endpoint kinds (MAKES, HOSTS...) was tried on a self-loop.
    expect(looped).toBeGreaterThanOrEqual(12);
  });

  it("rejects a PART_OF cycle, naming the entities around it and where its links are", () => {
    const graph = withRelations(
      ["PART_OF", "alice", "bob"],
      ["PART_OF", "bob", "acme"],
      ["PART_OF", "acme", "alice"],
    );
    const problems = rejected(writeSeed({ "g.yaml": graph }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ message: "PART_OF cycle of 3: alice → bob → acme → alice" });
    const last = graph.split("\n").length - 1;
    expect(problems[0]?.line).toBe(last);
    expect(problems[0]?.fix).toContain(`g.yaml:${last - 2}, `);
  });

  it("rejects a cycle in every type that states a hierarchy, and accepts the same links in other types", () => {
    for (const type of ["PART_OF", "LOCATED_IN", "MEMBER_OF", "CONTAINS"]) {
      const problems = rejected(
        writeSeed({ "g.yaml": withRelations([type, "acme", "trees"], [type, "trees", "acme"]) }),
      );
      expect(problems.map((p) => p.message)).toEqual([`${type} cycle of 2: acme → trees → acme`]);
    }
    const mutual = withRelations(["SUPPORTS", "acme", "trees"], ["SUPPORTS", "trees", "acme"]);
    expect(
      loadSeed(writeSeed({ "g.yaml": mutual })).relations.filter((r) => r.type === "SUPPORTS"),
    ).toHaveLength(2);
  });

  it("reports each tangle once, and finds a cycle through 30,000 entities without recursion", () => {
    // A recursive depth-first search would overflow the stack long before the end of this chain.
    const size = 30_000;
    const topic = (i: number) => ({
      id: `t${i}`,
      kind: "TOPIC",
      name: `T${i}`,
      description: "d",
      evidence: ["plant trees"],
    });
    const link = (from: number, to: number) => ({
      type: "PART_OF",
      from: `t${from}`,
      to: `t${to}`,
      evidence: ["plant trees"],
    });
    const chain = {
      source: "tiny",
      entities: Array.from({ length: size }, (_, i) => topic(i)),
      // Two loops in one tangle (t0 → … → t0, and t5 → t2 inside it): still one problem.
      relations: [...Array.from({ length: size }, (_, i) => link(i, (i + 1) % size)), link(5, 2)],
    };
    const content = JSON.stringify(chain).replaceAll("},{", "},\n{");
    const problems = rejected(writeSeed({ "g.yaml": VALID_GRAPH, "chain.json": content }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^PART_OF cycle of \d+: t0 → t1 → t2 → .* → t0$/);
    // Found from the scan of the JSON text, one item per line, as a parse for line numbers would find it.
    expect(problems[0]?.line).toBe(lineOf(content, `"from":"t${size - 1}"`));
  });
});

describe("all or nothing", () => {
  it("reports every attack in one seed at once", () => {
    const dir = writeSeed({
      "a.yaml": withRelations(["PART_OF", "acme", "acme"]).replace(
        'qualifiers: { date: "2021" }',
        'qualifiers: { date: "2021-02-30" }',
      ),
      "b.yaml": `name: ${"w".repeat(SEED_LIMITS.tokenChars + 1)}\n`,
      "c.yaml": 'x: "\\0"\n',
    });
    mkdirSync(join(dir, "graph", "d.yaml"));
    symlinkSync("e.yaml", join(dir, "graph", "e.yaml"));
    const messages = rejected(dir).map((p) => `${p.file.split("/").pop()}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\.yaml: `qualifiers\.date`: "2021-02-30" is not a date/),
        expect.stringMatching(/^b\.yaml: a run of more than/),
        expect.stringMatching(/^c\.yaml: `x`: string holds control character U\+0000/),
        expect.stringMatching(/^d\.yaml: a directory/),
        "e.yaml: symbolic link that loops back on itself",
        'a.yaml: PART_OF from "acme" to itself',
      ]),
    );
  });
});
