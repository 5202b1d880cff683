/**
 * Integrity of the REAL seed shipped under seed/: every quote is where it says it is, the graph has no dangling
 * or orphan nodes, commitments are complete, initiatives hold their commitments in their own sections, and the
 * facts the article states are in the graph. Counts are minimums so curation may grow the graph freely.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import {
  ACTOR_KINDS,
  CommitmentKind,
  type Entity,
  type EntityKind,
  type EntityOf,
  type Evidence,
  type RelationType,
} from "../src/graph/model.ts";
import { NotFoundError, type StoredSource } from "../src/graph/store.ts";
import { DEFAULT_SEED_DIR, openGraph } from "../src/store/memory/index.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_ID = "sco-2020-summit-article";
const SOURCE_TEXT_PATH = join(DEFAULT_SEED_DIR, "sources", `${SOURCE_ID}.txt`);
/** The original text as delivered; CI checks it out as ../shared beside the repository. */
const SHARED_SOURCE_PATH = resolve(REPO_ROOT, "../shared/source/000_8b68164ca6fa1f4c.txt");
const SECTION_LABELS = ["I", "II", "III", "IV", "V"];

/** The loaded seed (for the full list of relations) and the store over the same seed. */
const seed = loadSeed(DEFAULT_SEED_DIR);
const store = openGraph();

const entitiesById = new Map(seed.entities.map((entity) => [entity.id, entity]));

function entity(id: string): Entity {
  const [found] = store.loadNodes([id]);
  if (!found || found instanceof NotFoundError) throw new Error(`entity "${id}" is not in the seed`);
  return found;
}

function entityOf<K extends EntityKind>(id: string, kind: K): EntityOf<K> {
  const found = entity(id);
  expect(found.kind, `kind of ${id}`).toBe(kind);
  return found as EntityOf<K>;
}

function source(id: string): StoredSource {
  const [found] = store.loadSources([id]);
  if (!found || found instanceof NotFoundError) throw new Error(`source "${id}" is not in the seed`);
  return found;
}

/** Ids at the other end of `id`'s edges of one type, in one direction. */
function targets(id: string, type: RelationType): string[] {
  return (store.loadEdges([{ nodeId: id, type, direction: "OUTGOING" }])[0] ?? []).map((r) => r.to);
}
function origins(id: string, type: RelationType): string[] {
  return (store.loadEdges([{ nodeId: id, type, direction: "INCOMING" }])[0] ?? []).map((r) => r.from);
}

const article = source(SOURCE_ID);
const text = article.text;

/**
 * The numbered section headings, located independently of the loader: lines such as "III. Building a
 * community of development for all ...".
 */
const headingOffsets = [...text.matchAll(/^(I|II|III|IV|V)\. Building a community/gm)].map((match) => ({
  label: match[1] as string,
  start: match.index,
}));

/** The section a character offset falls in, by the headings above; null before the first heading. */
function sectionAt(offset: number): string | null {
  let label: string | null = null;
  for (const heading of headingOffsets) if (heading.start <= offset) label = heading.label;
  return label;
}

const commitments = seed.entities.filter((e): e is EntityOf<"COMMITMENT"> => e.kind === "COMMITMENT");

/** Commitments with at least one evidence quote in the given section. */
function commitmentsInSection(label: string): EntityOf<"COMMITMENT">[] {
  return commitments.filter((c) => c.evidence.some((e) => e.section === label));
}

/** Every evidence quote in the seed, with who cites it. */
const allEvidence: { owner: string; evidence: Evidence }[] = [
  ...seed.entities.flatMap((e) => e.evidence.map((evidence) => ({ owner: `entity ${e.id}`, evidence }))),
  ...seed.relations.flatMap((r) => r.evidence.map((evidence) => ({ owner: `relation ${r.id}`, evidence }))),
];

describe("the source text", () => {
  it("is the text the loader serves, verbatim with its typos", () => {
    expect(text).toBe(readFileSync(SOURCE_TEXT_PATH, "utf8"));
    expect(text).toContain("”.Heput forward, for the first time");
    expect(text).toContain("On November10, 2020");
  });

  it.skipIf(!existsSync(SHARED_SOURCE_PATH))(
    existsSync(SHARED_SOURCE_PATH)
      ? "is byte-identical to ../shared/source/000_8b68164ca6fa1f4c.txt"
      : `byte-identity with ../shared/source/000_8b68164ca6fa1f4c.txt not checked: ${SHARED_SOURCE_PATH} is absent`,
    () => {
      const held = readFileSync(SOURCE_TEXT_PATH);
      const original = readFileSync(SHARED_SOURCE_PATH);
      expect(held.length).toBe(original.length);
      expect(held.equals(original)).toBe(true);
    },
  );

  it("has its five section headings found, labelled I..V in order, tiling the text after the introduction", () => {
    expect(headingOffsets.map((h) => h.label)).toEqual(SECTION_LABELS);
    expect(article.sections.map((s) => s.label)).toEqual(SECTION_LABELS);
    article.sections.forEach((section, index) => {
      expect(section.start, `start of section ${section.label}`).toBe(headingOffsets[index]?.start);
      expect(section.title.startsWith(`${section.label}. Building a community`)).toBe(true);
      const next = article.sections[index + 1];
      expect(section.end).toBe(next ? next.start : text.length);
    });
    expect(article.sections[0]?.start).toBeGreaterThan(0);
  });
});

describe("evidence", () => {
  it("every entity and every relation cites at least one quote", () => {
    expect(seed.entities.filter((e) => e.evidence.length === 0).map((e) => e.id)).toEqual([]);
    expect(seed.relations.filter((r) => r.evidence.length === 0).map((r) => r.id)).toEqual([]);
  });

  it("every quote is found verbatim in its source at [start, end)", () => {
    const wrong: string[] = [];
    for (const { owner, evidence } of allEvidence) {
      const held = source(evidence.sourceId);
      const at = held.text.slice(evidence.start, evidence.end);
      if (evidence.end - evidence.start !== evidence.quote.length || at !== evidence.quote) {
        wrong.push(`${owner}: "${evidence.quote}" ≠ [${evidence.start}, ${evidence.end}) "${at}"`);
      }
    }
    expect(allEvidence.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("every quote names a DOCUMENT entity that holds its source", () => {
    const wrong: string[] = [];
    for (const { owner, evidence } of allEvidence) {
      const document = entitiesById.get(evidence.documentId);
      if (document?.kind !== "DOCUMENT") {
        wrong.push(`${owner}: documentId "${evidence.documentId}" is not a DOCUMENT entity`);
      } else if (document.sourceId !== evidence.sourceId) {
        wrong.push(`${owner}: document ${document.id} holds ${document.sourceId}, not ${evidence.sourceId}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every quote's section matches the section offsets (I..V, or null before the first heading)", () => {
    const wrong: string[] = [];
    for (const { owner, evidence } of allEvidence) {
      const expected = sectionAt(evidence.start);
      if (evidence.section !== expected) {
        wrong.push(
          `${owner}: "${evidence.quote}" at ${evidence.start} is in ${expected}, not ${evidence.section}`,
        );
      }
      if (evidence.section !== null && !SECTION_LABELS.includes(evidence.section)) {
        wrong.push(`${owner}: unknown section label ${evidence.section}`);
      }
    }
    expect(wrong).toEqual([]);
    // Both cases occur: the introduction (null) and every numbered section.
    const seen = new Set(allEvidence.map(({ evidence }) => evidence.section));
    expect([...seen].sort()).toEqual([...SECTION_LABELS, null].sort());
  });
});

describe("graph structure", () => {
  it("has no dangling edge: every relation's ends are loaded entities", () => {
    const ends = seed.relations.flatMap((r) => [r.from, r.to]);
    const missing = store.loadNodes(ends).filter((n) => n instanceof NotFoundError);
    expect(missing.map((n) => (n as NotFoundError).key)).toEqual([]);
  });

  it("has no orphan: every entity has at least one relation", () => {
    const ids = store.listEntityIds();
    expect(ids.length).toBe(seed.entities.length);
    const edges = store.loadEdges(ids.map((nodeId) => ({ nodeId, type: null, direction: "BOTH" as const })));
    const orphans = ids.filter((_, index) => (edges[index] ?? []).length === 0);
    expect(orphans).toEqual([]);
  });

  it("openGraph() serves the same seed the loader reads", () => {
    const stats = store.stats();
    expect(stats.entities).toBe(seed.entities.length);
    expect(stats.relations).toBe(seed.relations.length);
    expect(stats.sources).toBe(seed.sources.length);
  });
});

describe("commitments", () => {
  it("each has a kind, a statement, evidence, an actor making it, and status ANNOUNCED", () => {
    const wrong: string[] = [];
    for (const c of commitments) {
      if (!CommitmentKind.options.includes(c.commitmentKind)) wrong.push(`${c.id}: commitmentKind`);
      if (c.statement.trim() === "") wrong.push(`${c.id}: empty statement`);
      if (c.evidence.length === 0) wrong.push(`${c.id}: no evidence`);
      if (c.status !== "ANNOUNCED") wrong.push(`${c.id}: status ${c.status}`);
      const makers = origins(c.id, "MAKES");
      if (makers.length === 0) wrong.push(`${c.id}: no MAKES relation`);
      for (const maker of makers) {
        const kind = entitiesById.get(maker)?.kind;
        if (!kind || !ACTOR_KINDS.includes(kind)) wrong.push(`${c.id}: made by ${maker} (${kind})`);
      }
    }
    expect(commitments.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("every commitment the text names China for sits in a sentence where President Xi Jinping announces it", () => {
    const namesChina = (c: EntityOf<"COMMITMENT">) =>
      (store.loadEdges([{ nodeId: c.id, type: "MAKES", direction: "INCOMING" }])[0] ?? []).some(
        (edge) => edge.from === "china" && edge.qualifiers.attribution === "DIRECT",
      );
    const byChina = commitments.filter(namesChina);
    expect(byChina.length).toBe(3);
    for (const c of byChina) {
      const announced = c.evidence.some((e) => {
        const sentenceStart = Math.max(text.lastIndexOf(". ", e.start), text.lastIndexOf("\n", e.start));
        const sentenceEnd = text.indexOf(".", e.end);
        return text.slice(sentenceStart, sentenceEnd).includes("President Xi Jinping");
      });
      expect(announced, `${c.id} is announced by President Xi Jinping`).toBe(true);
    }
  });
});

describe("initiatives", () => {
  const proposedByXi = targets("xi-jinping", "PROPOSES").filter(
    (id) => entitiesById.get(id)?.kind === "INITIATIVE",
  );
  const COMMUNITY_SECTIONS: Record<string, string> = {
    "community-of-health-initiative": "I",
    "community-of-security-initiative": "II",
    "community-of-development-initiative": "III",
    "community-of-cultural-exchanges-initiative": "IV",
  };

  it("xi-jinping proposes the four community initiatives", () => {
    expect(proposedByXi).toEqual(expect.arrayContaining(Object.keys(COMMUNITY_SECTIONS)));
  });

  it("every initiative xi-jinping proposes contains commitments, except the China plan whose content the text never lists", () => {
    // "offered a China plan for the development of the SCO" is all the article says of that plan.
    const empty = proposedByXi.filter(
      (id) => !targets(id, "CONTAINS").some((to) => entitiesById.get(to)?.kind === "COMMITMENT"),
    );
    expect(empty, "initiatives proposed by xi-jinping that contain no COMMITMENT").toEqual([
      "china-plan-for-sco-development",
    ]);
    expect(proposedByXi.length).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.entries(COMMUNITY_SECTIONS))(
    "%s contains commitments quoted in its own section %s",
    (initiative, label) => {
      const contained = targets(initiative, "CONTAINS").filter(
        (id) => entitiesById.get(id)?.kind === "COMMITMENT",
      );
      expect(contained.length).toBeGreaterThanOrEqual(1);
      for (const id of contained) {
        const sections = entity(id).evidence.map((e) => e.section);
        expect(sections, `sections of ${id}'s evidence`).toEqual(sections.map(() => label));
      }
    },
  );
});

describe("commitments in every section", () => {
  const LEADERS_GROUPS = ["sco-member-leaders", "summit-leaders"];

  it("the leaders groups are GROUP entities", () => {
    for (const id of LEADERS_GROUPS) entityOf(id, "GROUP");
  });

  it.each(SECTION_LABELS)("section %s has commitments by xi-jinping and by the SCO leaders", (label) => {
    const here = commitmentsInSection(label);
    const makers = new Set(here.flatMap((c) => origins(c.id, "MAKES")));
    expect(makers.has("xi-jinping"), `xi-jinping makes a commitment in section ${label}`).toBe(true);
    expect(
      LEADERS_GROUPS.some((group) => makers.has(group)),
      `a leaders group makes a commitment in section ${label}`,
    ).toBe(true);
  });
});

describe("minimum counts", () => {
  const byKind = store.stats().entitiesByKind;

  it("has at least 40 commitments", () => {
    expect(byKind.COMMITMENT ?? 0).toBeGreaterThanOrEqual(40);
  });

  it("has at least 12 documents, including the six statements issued at the summit", () => {
    expect(byKind.DOCUMENT ?? 0).toBeGreaterThanOrEqual(12);
    const statements = seed.entities.filter((e) => e.kind === "DOCUMENT" && e.documentType === "STATEMENT");
    expect(statements.length).toBeGreaterThanOrEqual(6);
    const producedAtSummit = statements.filter((s) =>
      targets(s.id, "PRODUCED_AT").includes("sco-summit-2020"),
    );
    expect(producedAtSummit.length).toBeGreaterThanOrEqual(6);
  });

  it("has at least 6 events, 8 initiatives and 15 topics", () => {
    expect(byKind.EVENT ?? 0).toBeGreaterThanOrEqual(6);
    expect(byKind.INITIATIVE ?? 0).toBeGreaterThanOrEqual(8);
    expect(byKind.TOPIC ?? 0).toBeGreaterThanOrEqual(15);
  });

  it("has more than 150 relations", () => {
    expect(store.stats().relations).toBeGreaterThan(150);
  });
});

describe("facts stated in the article", () => {
  /** True when some evidence quote overlaps the (unique) passage of the text. */
  function quotes(evidence: Evidence[], passage: string): boolean {
    const at = text.indexOf(passage);
    expect(at, `"${passage}" is in the text`).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(passage, at + 1), `"${passage}" is unique`).toBe(-1);
    return evidence.some((e) => e.start < at + passage.length && e.end > at);
  }

  it("China pledges to host the China-SCO digital-economy forum in Chongqing next year", () => {
    const id = "china-pledge-host-digital-economy-forum";
    const pledge = entityOf(id, "COMMITMENT");
    expect(pledge.commitmentKind).toBe("PLEDGE");
    expect(origins(id, "MAKES")).toContain("china");
    expect(pledge.timeframe).toMatchObject({
      start: "2021",
      end: "2021",
      precision: "YEAR",
      raw: "next year",
      inferred: false,
    });
    expect(pledge.timeframe?.evidence?.map((e) => e.quote)).toEqual([
      "President Xi Jinping stated that next year, China will host a China-SCO forum on the digital economy industry in Chongqing",
    ]);
    expect(targets(id, "LOCATED_IN")).toContain("chongqing");
    expect(origins(id, "CONTAINS")).toContain("community-of-development-initiative");
    expect(quotes(pledge.evidence, "China will host a China-SCO forum on the digital economy industry")).toBe(
      true,
    );
  });

  it("China pledges SCO Youth Campus events for 600 young people over the coming three years", () => {
    const id = "china-pledge-continue-sco-youth-campus";
    const pledge = entityOf(id, "COMMITMENT");
    expect(pledge.commitmentKind).toBe("PLEDGE");
    expect(origins(id, "MAKES")).toContain("china");
    expect(pledge.quantities).toContainEqual(expect.objectContaining({ value: 600, unit: "young people" }));
    expect(pledge.timeframe).toMatchObject({ start: "2021", end: "2023", precision: "YEAR" });
    expect(pledge.timeframe?.raw).toContain("three years");
    expect(quotes(pledge.evidence, "600 young people will be invited")).toBe(true);
  });

  it("xi-jinping holds the post of President of China", () => {
    entityOf("xi-jinping", "PERSON");
    entityOf("president-of-china", "POST");
    expect(targets("xi-jinping", "HOLDS_POST")).toContain("president-of-china");
  });

  it("sun-linjiang authored the article, which holds the source and is dated 10 November 2020", () => {
    entityOf("sun-linjiang", "PERSON");
    expect(targets("sun-linjiang", "AUTHORED")).toContain(SOURCE_ID);
    const document = entityOf(SOURCE_ID, "DOCUMENT");
    expect(document.documentType).toBe("ARTICLE");
    expect(document.sourceId).toBe(SOURCE_ID);
    expect(document.date?.start).toBe("2020-11-10");
    expect(article.authors).toContain("Sun Linjiang");
  });

  it("the summit sco-summit-2020 was held by video link on 10 November 2020", () => {
    const summit = entityOf("sco-summit-2020", "EVENT");
    expect(summit.date).toMatchObject({ start: "2020-11-10", end: "2020-11-10", precision: "DAY" });
    expect(summit.format).toBe("VIDEO_LINK");
    expect(summit.status).toBe("HELD");
  });

  it("the Moscow Declaration was produced at the summit", () => {
    entityOf("moscow-declaration", "DOCUMENT");
    expect(targets("moscow-declaration", "PRODUCED_AT")).toContain("sco-summit-2020");
  });
});
