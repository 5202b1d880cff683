import { describe, expect, it } from "vitest";
import type { Entity, EntityKind } from "../src/graph/model.ts";
import { NotFoundError, type SearchHit, SNIPPET_MARK, type StoredSource } from "../src/graph/store.ts";
import { openGraph } from "../src/store/memory/index.ts";
import { SearchIndex } from "../src/store/memory/search.ts";

const store = openGraph();
const entities = store.loadNodes(store.listEntityIds()).map((node) => {
  if (node instanceof NotFoundError) throw node;
  return node;
});
const sourceIds = [...new Set(entities.flatMap((entity) => entity.evidence.map((e) => e.sourceId)))];
const sources = new Map<string, StoredSource>(
  store.loadSources(sourceIds).map((source) => {
    if (source instanceof NotFoundError) throw source;
    return [source.id, source];
  }),
);
const index = new SearchIndex(entities, sources);

function entity(id: string): Entity {
  const [node] = store.loadNodes([id]);
  if (!node || node instanceof NotFoundError) throw new Error(`entity ${id} missing`);
  return node;
}

const kindOf = (hit: SearchHit): EntityKind => entity(hit.entityId).kind;
const ids = (hits: SearchHit[]) => hits.map((hit) => hit.entityId);
const MARKED = /<mark>(.*?)<\/mark>/g;
const marked = (snippet: string) => [...snippet.matchAll(MARKED)].map((m) => m[1] ?? "");
const plain = (snippet: string) =>
  snippet.replaceAll(SNIPPET_MARK.open, "").replaceAll(SNIPPET_MARK.close, "");

/** The text of the field a hit's snippet was taken from, or the source texts for `sentences`. */
function fieldTexts(hit: SearchHit): string[] {
  const node = entity(hit.entityId);
  switch (hit.field) {
    case "name":
      return [node.name];
    case "aliases":
      return [node.aliases.join("; ")];
    case "description":
      return [node.description];
    case "statement":
      return node.kind === "COMMITMENT" ? [node.statement] : [];
    case "sentences":
      return [...sources.values()].map((source) => source.text);
    default:
      return [];
  }
}

describe("SearchIndex ranking on the real seed", () => {
  it("ranks the person first for the exact query “Xi Jinping”", () => {
    const hits = index.search("Xi Jinping");
    expect(hits[0]?.entityId).toBe("xi-jinping");
    expect(hits[0]?.field).toBe("name");
    expect(hits[0]?.snippet).toBe("<mark>Xi</mark> <mark>Jinping</mark>");
  });

  it("finds Chongqing by the prefix “chongq”, first among places", () => {
    const hits = index.search("chongq");
    expect(ids(hits)).toContain("chongqing");
    expect(hits.find((hit) => kindOf(hit) === "PLACE")?.entityId).toBe("chongqing");
    expect(hits[0]?.matchedTerms).toEqual(["chongqing"]);
    expect(ids(index.search("chongq", { kinds: ["PLACE"] }))).toEqual(["chongqing"]);
  });

  it("tolerates the typo “vacine” and finds vaccine-related entities", () => {
    const hits = index.search("vacine");
    expect(hits.length).toBeGreaterThan(0);
    const top = entity(hits[0]?.entityId ?? "");
    const text = [top.name, ...top.aliases, top.kind === "COMMITMENT" ? top.statement : ""].join(" ");
    expect(text).toMatch(/vaccin/i);
    expect(ids(hits)).toEqual(expect.arrayContaining(["vaccines", "xi-pledge-consider-vaccine-needs"]));
    for (const hit of hits) for (const word of marked(hit.snippet)) expect(word).toMatch(/^vaccin/i);
  });

  it("ranks the WHO first for “World Health Organization”", () => {
    expect(index.search("World Health Organization")[0]?.entityId).toBe("who");
  });

  it("returns scores in descending order", () => {
    for (const query of ["Xi Jinping", "vacine", "Chongqing", "SCO cooperation", "health security"]) {
      const scores = index.search(query).map((hit) => hit.score);
      expect(scores.length).toBeGreaterThan(1);
      for (const score of scores) expect(score).toBeGreaterThan(0);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});

describe("SearchIndex query handling", () => {
  it("filters by kind and still finds the Chongqing forum pledge", () => {
    const all = index.search("forum Chongqing");
    expect(all.some((hit) => kindOf(hit) !== "COMMITMENT")).toBe(true);
    const commitments = index.search("forum Chongqing", { kinds: ["COMMITMENT"] });
    expect(commitments.length).toBeGreaterThan(0);
    for (const hit of commitments) expect(kindOf(hit)).toBe("COMMITMENT");
    expect(commitments[0]?.entityId).toBe("china-pledge-host-digital-economy-forum");
    const several = index.search("Xi Jinping", { kinds: ["PERSON", "COMMITMENT"] });
    expect(new Set(several.map(kindOf))).toEqual(new Set(["PERSON", "COMMITMENT"]));
    expect(index.search("forum Chongqing", { kinds: [] })).toHaveLength(all.length);
  });

  it("requires every term when some entity has them all, and falls back to any term otherwise", () => {
    for (const hit of index.search("forum Chongqing")) {
      expect(hit.matchedTerms).toEqual(expect.arrayContaining(["forum", "chongqing"]));
    }
    const fallback = index.search("Chongqing qqzzxxq");
    expect(fallback[0]?.entityId).toBe("chongqing");
  });

  it("searches “COVID-19” as a whole and by its parts, and reads curly quotes", () => {
    expect(ids(index.search("COVID-19")).slice(0, 5)).toContain("covid-19");
    expect(ids(index.search("covid"))).toContain("covid-19");
    expect(marked(index.search("covid-19")[0]?.snippet ?? "")).toEqual(["COVID-19"]);
    expect(index.search("“Xi Jinping’s”")[0]?.entityId).toBe("xi-jinping");
  });

  it("returns nothing for an empty, blank or punctuation-only query", () => {
    for (const query of ["", "   ", "\n\t", "…", "?!-–—“”’", "<>()[]"]) {
      expect(index.search(query)).toEqual([]);
    }
  });

  it("handles a 64 KB query without throwing", () => {
    const words = "Chongqing forum pledge health ".repeat(2200).slice(0, 65_536);
    expect(Array.isArray(index.search(words))).toBe(true);
    expect(Array.isArray(index.search("x".repeat(65_536)))).toBe(true);
    expect(Array.isArray(index.search(`${"ab-".repeat(21_845)}c`))).toBe(true);
  });

  it("indexes a repeated entity only once", () => {
    const first = entities[0] as Entity;
    const twice = new SearchIndex([...entities, first], sources);
    const hits = twice.search(first.name);
    expect(hits.filter((hit) => hit.entityId === first.id)).toHaveLength(1);
  });
});

describe("SearchIndex snippets", () => {
  const queries = ["Xi Jinping", "Chongqing", "chongq", "forum Chongqing", "World Health Organization"];

  it("marks the matched words, and only words that match a query term", () => {
    for (const query of queries) {
      const terms = query.toLowerCase().split(" ");
      const hits = index.search(query);
      for (const hit of hits) {
        const words = marked(hit.snippet);
        expect(words.length, `${query} → ${hit.entityId}: ${hit.snippet}`).toBeGreaterThan(0);
        for (const word of words) {
          expect(terms.some((term) => word.toLowerCase().startsWith(term))).toBe(true);
        }
      }
    }
    expect(index.search("Chongqing")[0]?.snippet).toBe(`${SNIPPET_MARK.open}Chongqing${SNIPPET_MARK.close}`);
  });

  it("quotes its field verbatim, at most ~200 characters, cut at word boundaries with an ellipsis", () => {
    let cut = 0;
    for (const query of [...queries, "vacine", "SCO cooperation", "health security"]) {
      for (const hit of index.search(query)) {
        const text = plain(hit.snippet);
        expect(text.length).toBeLessThanOrEqual(202);
        const body = text.replace(/^…/, "").replace(/…$/, "");
        const pieces = hit.field === "sentences" ? body.split(" … ") : [body];
        const haystacks = fieldTexts(hit);
        for (const piece of pieces) {
          expect(
            haystacks.some((haystack) => haystack.includes(piece)),
            `${hit.entityId}.${hit.field}: ${piece}`,
          ).toBe(true);
        }
        if (text.startsWith("…") || text.endsWith("…")) {
          cut++;
          const full = haystacks.find((haystack) => haystack.includes(pieces[0] ?? "")) ?? "";
          const first = pieces[0] ?? "";
          const last = pieces[pieces.length - 1] ?? "";
          if (text.startsWith("…")) expect(full[full.indexOf(first) - 1]).toMatch(/\s/);
          if (text.endsWith("…")) expect(full[full.lastIndexOf(last) + last.length]).toMatch(/\s/);
        }
      }
    }
    expect(cut).toBeGreaterThan(0);
  });

  it("takes the snippet from the best-boosted field that matched", () => {
    const [pledge] = index.search("forum Chongqing", { kinds: ["COMMITMENT"] });
    expect(pledge?.field).toBe("name");
    const statement = index.search("innovation cooperation platform", { kinds: ["COMMITMENT"] })[0];
    expect(statement?.entityId).toBe("china-pledge-host-digital-economy-forum");
    expect(statement?.field).toBe("statement");
    expect(marked(statement?.snippet ?? "")).toEqual(["platform", "innovation", "cooperation"]);
  });
});
