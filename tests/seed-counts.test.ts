/**
 * Every count the article states matches the graph: each case quotes the words that give the count (checked to be
 * in the source), then counts what the graph holds for it. A later mention of a counted thing must link to it, so
 * a count that grows past the text's (the special statement of section II once became a seventh) fails here.
 */
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import type { Entity, EntityOf, RelationType } from "../src/graph/model.ts";
import { DEFAULT_SEED_DIR } from "../src/store/memory/index.ts";

const seed = loadSeed(DEFAULT_SEED_DIR);
const text = seed.sources[0]?.text ?? "";
const byId = new Map(seed.entities.map((entity) => [entity.id, entity]));
const curated = seed.relations.filter((r) => (r.qualifiers.attribution ?? "DIRECT") === "DIRECT");

function ofKind<K extends Entity["kind"]>(kind: K): EntityOf<K>[] {
  return seed.entities.filter((e): e is EntityOf<K> => e.kind === kind);
}
function ends(type: RelationType, from?: string, to?: string): string[] {
  return curated
    .filter((r) => r.type === type && (!from || r.from === from) && (!to || r.to === to))
    .map((r) => (from ? r.to : r.from));
}
function entity<K extends Entity["kind"]>(id: string, kind: K): EntityOf<K> {
  const found = byId.get(id);
  expect(found?.kind, id).toBe(kind);
  return found as EntityOf<K>;
}

/** A count the article states: the words that state it, and a check that the graph holds as many. */
const COUNTS: Array<[words: string, check: () => void]> = [
  [
    "issued six statements on COVID-19, the 75th anniversary of victory inWorld War II, the spread of terrorist, separatist and extremist ideologies through the Internet, cooperation in international information security, the threat of drugs, and cooperation in the digital economy",
    () => {
      const statements = ofKind("DOCUMENT").filter((d) => d.documentType === "STATEMENT");
      expect(statements).toHaveLength(6);
      for (const statement of statements) {
        expect(ends("PRODUCED_AT", statement.id), statement.id).toEqual(["sco-summit-2020"]);
        expect(ends("ISSUES", undefined, statement.id), statement.id).toEqual(["sco-member-leaders"]);
      }
    },
  ],
  [
    "signed and released a Moscow Declaration",
    () => expect(ofKind("DOCUMENT").filter((d) => d.documentType === "DECLARATION")).toHaveLength(1),
  ],
  [
    "adopted several documents covering cooperation in health and medicine, development at the sub-regional level, and external exchanges",
    () => {
      // "several documents" is no number; the three areas are: one entity per area, adopted at the meeting.
      const adopted = ends("ADOPTS", "sco-member-leaders");
      expect(adopted).toHaveLength(3);
      for (const id of adopted) expect(ends("PRODUCED_AT", id), id).toEqual(["sco-summit-2020"]);
    },
  ],
  [
    "major initiatives on building an SCO community of health, security, development and cultural exchanges",
    () => {
      const communities = ends("PROPOSES", "xi-jinping").filter((id) => /^community-of-/.test(id));
      expect(communities).toHaveLength(4);
      for (const id of communities)
        expect(ends("CONTAINS", undefined, id)).toContain("xi-remarks-2020-summit");
    },
  ],
  [
    "600 young people will be invited in the coming three years",
    () => {
      const pledge = entity("china-pledge-continue-sco-youth-campus", "COMMITMENT");
      expect(pledge.quantities).toEqual([{ value: 600, unit: "young people", raw: "600 young people" }]);
      expect(pledge.timeframe).toMatchObject({ start: "2021", end: "2023", raw: "the coming three years" });
      expect(entity("sco-youth-campus", "EVENT").date).toMatchObject({ start: "2021", end: "2023" });
    },
  ],
  [
    "President Xi Jinping stated that next year, China will host",
    () => {
      for (const id of [
        "china-pledge-host-digital-economy-forum",
        "china-pledge-host-ngo-friendship-forum",
      ]) {
        expect(entity(id, "COMMITMENT").timeframe, id).toMatchObject({ start: "2021", end: "2021" });
      }
    },
  ],
  [
    "the Action Plan for 2021-2025 to Implement the SCO Development Strategy until 2025",
    () => {
      const plan = entity("action-plan-2021-2025", "DOCUMENT");
      expect(plan.covers).toMatchObject({ start: "2021", end: "2025" });
      // Approved at the meeting: dated by it, not by the period it covers.
      expect(plan.date).toMatchObject({ start: "2020-11-10", end: "2020-11-10" });
      expect(ends("IMPLEMENTS", plan.id)).toEqual(["sco-development-strategy-2025"]);
    },
  ],
  [
    "Through 19 years of exploration",
    () => {
      // Nineteen years by 2020 (the article's year) make 2021 the SCO's 20th anniversary.
      const articleYear = Number(seed.sources[0]?.date.start.slice(0, 4));
      const anniversary = entity("sco-20th-anniversary", "EVENT");
      expect(anniversary.date).toMatchObject({ start: String(articleYear + 20 - 19), inferred: true });
      expect(anniversary.date?.evidence?.map((e) => e.quote)).toContain("Through 19 years of exploration");
      expect(entity("leaders-pledge-cultural-year-20th-anniversary", "COMMITMENT").timeframe).toMatchObject({
        start: String(articleYear + 1),
        inferred: true,
      });
    },
  ],
  [
    "the 20th Meeting of the SCO Council of Heads of State",
    () => {
      const meeting = entity("sco-summit-2020", "EVENT");
      expect(meeting.name).toBe("20th Meeting of the SCO Council of Heads of State");
      expect(ends("PART_OF", meeting.id)).toEqual(["sco-council-of-heads-of-state"]);
    },
  ],
  [
    "This year marks the 75th anniversary of the world’s victory against fascism and the founding of the United Nations (UN)",
    () => {
      const anniversaries = ofKind("EVENT").filter((e) => /75th anniversary/.test(e.name));
      expect(anniversaries.map((e) => e.id).sort()).toEqual([
        "un-founding-75th-anniversary",
        "ww2-victory-75th-anniversary",
      ]);
      for (const event of anniversaries)
        expect(event.date, event.id).toMatchObject({ start: "2020", raw: "this year" });
    },
  ],
  [
    "as it enters the next 20 years",
    () =>
      expect(entity("claim-sco-new-opportunities-next-20-years", "COMMITMENT").timeframe).toMatchObject({
        start: "2021",
        end: "2040",
      }),
  ],
  [
    "Where human society is headed in the next 75 years",
    () => expect(entity("claim-next-75-years-question", "COMMITMENT").commitmentKind).toBe("CLAIM"),
  ],
  [
    "“Three forces of terrorism, separatism and extremism”",
    () => {
      const forces = ["terrorism", "separatism", "extremism"].map((id) => entity(id, "TOPIC"));
      expect(forces).toHaveLength(3);
      expect(entity("three-forces", "GROUP").name).toBe(
        "Three forces of terrorism, separatism and extremism",
      );
    },
  ],
  [
    "leaders of the members and observers of the Shanghai Cooperation Organization",
    () => {
      expect(ends("MEMBER_OF", undefined, "sco")).toContain("sco-members");
      expect(ends("OBSERVER_OF", undefined, "sco")).toEqual(["sco-observers"]);
    },
  ],
  [
    "such areas as culture, education, technology, tourism, health, disaster relief and media",
    () => {
      const areas = ends("CONCERNS", "leaders-agreement-expand-people-to-people-cooperation");
      expect(areas.sort()).toEqual(
        [
          "culture",
          "disaster-relief",
          "education",
          "health-cooperation",
          "media",
          "technology",
          "tourism",
        ].sort(),
      );
    },
  ],
  [
    "On November10, 2020",
    () =>
      expect(entity("sco-summit-2020", "EVENT").date).toMatchObject({
        start: "2020-11-10",
        precision: "DAY",
      }),
  ],
];

describe("every count the article states matches the graph", () => {
  it.each(COUNTS)("%s", (words, check) => {
    expect(text, "the words are the article's").toContain(words);
    check();
  });

  it("the special statement of section II is one of the six, not a seventh", () => {
    expect(text).toContain("In a special statement issued on this subject");
    expect(byId.has("statement-security-special")).toBe(false);
    const linked = curated.filter(
      (r) => r.type === "CONTAINS" && r.evidence.some((e) => e.quote.startsWith("In a special statement")),
    );
    expect(linked.length).toBe(4);
    for (const relation of linked) {
      expect((byId.get(relation.from) as EntityOf<"DOCUMENT">).documentType).toBe("STATEMENT");
      expect(relation.qualifiers.inferred).toBe(true);
      expect(relation.qualifiers.note).toMatch(/six/);
    }
  });
});
