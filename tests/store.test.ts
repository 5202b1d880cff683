import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import { NotFoundError, sentenceAt } from "../src/graph/store.ts";
import { splitSentences } from "../src/graph/text.ts";
import { MemoryGraphStore } from "../src/store/memory/memory-store.ts";
import { FIXTURE_TEXT, VALID_GRAPH, writeSeed } from "./support/seed-fixture.ts";

const store = new MemoryGraphStore(loadSeed(writeSeed({ "graph.yaml": VALID_GRAPH })));

// Key order and NotFoundError per missing key are checked for every store by tests/store-contract.test.ts.
describe("MemoryGraphStore batch interface", () => {
  it("returns edges by node, type and direction", () => {
    const [outHosts, inHosts, outAll, forumBoth, forumIn, none] = store.loadEdges([
      { nodeId: "acme", type: "HOSTS", direction: "OUTGOING" },
      { nodeId: "acme", type: "HOSTS", direction: "INCOMING" },
      { nodeId: "acme", type: null, direction: "OUTGOING" },
      { nodeId: "forum", type: null, direction: "BOTH" },
      { nodeId: "forum", type: "PARTICIPATES_IN", direction: "INCOMING" },
      { nodeId: "nobody", type: null, direction: "BOTH" },
    ]);
    expect(outHosts?.map((r) => r.to)).toEqual(["forum"]);
    expect(inHosts).toEqual([]);
    expect(outAll?.map((r) => r.id).sort()).toEqual(["acme~HOSTS~forum", "acme~MAKES~acme-pledge-forum"]);
    expect(forumBoth?.map((r) => r.id).sort()).toEqual(["acme~HOSTS~forum", "bob~PARTICIPATES_IN~forum"]);
    expect(forumIn?.map((r) => r.from)).toEqual(["bob"]);
    expect(none).toEqual([]);
  });

  it("lists entity ids by kind, in seed order", () => {
    expect(store.listEntityIds(["PERSON"])).toEqual(["alice", "bob"]);
    expect(store.listEntityIds(["COMMITMENT", "TOPIC"])).toEqual([
      "trees",
      "acme-pledge-forum",
      "bob-call-plant-trees",
    ]);
    expect(store.listEntityIds()).toHaveLength(8);
  });

  it("counts entities by kind and relations by type", () => {
    const stats = store.stats();
    expect(stats.entitiesByKind).toMatchObject({ PERSON: 2, COMMITMENT: 2, EVENT: 1 });
    expect(stats.relationsByType).toEqual({ HOSTS: 1, PARTICIPATES_IN: 1, MAKES: 2, CONCERNS: 1 });
  });
});

describe("sentences", () => {
  it("splits on sentence ends and line breaks, also where a typo drops the space", () => {
    const text = "He said “Go”.Heput it down. Next one!\nHeading line\nLast";
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      "He said “Go”.",
      "Heput it down.",
      "Next one!",
      "Heading line",
      "Last",
    ]);
  });

  it("finds the sentence containing an offset", () => {
    const [source] = store.loadSources(["tiny"]);
    if (!source || source instanceof NotFoundError) throw new Error("fixture source missing");
    const span = sentenceAt(source, FIXTURE_TEXT.indexOf("Acme will host"));
    expect(FIXTURE_TEXT.slice(span.start, span.end)).toBe(
      "Alice pledged that Acme will host a forum next year.",
    );
  });
});
