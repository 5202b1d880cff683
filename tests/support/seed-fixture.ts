/** Builds small throwaway seed directories for loader tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/** Seed directories written by this test file, removed when it ends. */
const written: string[] = [];
afterAll(() => {
  for (const root of written.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A tiny source text with two sections and a repeated phrase, enough to exercise every loader rule. */
export const FIXTURE_TEXT = [
  "A Tiny Report",
  "",
  "On May 1, 2020, Alice met Bob in Paris. The meeting was short.",
  "",
  "I. First section heading.",
  "",
  "Alice pledged that Acme will host a forum next year. The meeting was short.",
  "",
  "II. Second section heading.",
  "",
  "Bob called on all parties to plant trees in the coming three years.",
  "",
].join("\n");

export const FIXTURE_META = `id: tiny
title: A Tiny Report
authors: [Alice]
kind: ARTICLE
date: { start: "2020-05-01" }
sections:
  - { label: "I", heading: "I. First section heading." }
  - { label: "II", heading: "II. Second section heading." }
`;

/** A valid graph file over FIXTURE_TEXT. */
export const VALID_GRAPH = `source: tiny
entities:
  - id: tiny-report
    kind: DOCUMENT
    documentType: ARTICLE
    source: tiny
    name: A Tiny Report
    description: The report itself.
    evidence: ["A Tiny Report"]
  - id: alice
    kind: PERSON
    name: Alice
    description: A person who met Bob.
    evidence: ["Alice met Bob"]
  - id: bob
    kind: PERSON
    name: Bob
    description: A person Alice met.
    evidence: ["Bob called on all parties"]
  - id: acme
    kind: ORGANIZATION
    name: Acme
    description: The host of a forum.
    evidence: ["Acme will host a forum"]
  - id: forum
    kind: EVENT
    name: The forum
    description: A forum Acme will host.
    status: ANNOUNCED
    date: { raw: next year }
    evidence: ["a forum next year"]
  - id: trees
    kind: TOPIC
    name: Trees
    description: Planting trees.
    evidence: ["plant trees"]
  - id: acme-pledge-forum
    kind: COMMITMENT
    commitmentKind: PLEDGE
    name: Host a forum
    description: Acme will host a forum next year.
    statement: Acme will host a forum in 2021.
    timeframe: { raw: next year }
    committedBy: [acme]
    evidence: ["Alice pledged that Acme will host a forum next year"]
  - id: bob-call-plant-trees
    kind: COMMITMENT
    commitmentKind: CALL
    name: Plant trees
    description: Bob called on all parties to plant trees.
    statement: All parties should plant trees in 2021-2023.
    timeframe: { raw: the coming three years }
    quantities: [{ value: 3, unit: years, raw: "three years" }]
    committedBy: [bob]
    topics: [trees]
    evidence: ["Bob called on all parties to plant trees in the coming three years"]
relations:
  - type: HOSTS
    from: acme
    to: forum
    qualifiers: { date: "2021" }
    evidence:
      - "Acme will host a forum"
  - type: PARTICIPATES_IN
    from: bob
    to: forum
    evidence:
      - quote: "The meeting was short."
        occurrence: 2
`;

/** Write a seed directory (source files included unless overridden) and return its path. */
export function writeSeed(graphFiles: Record<string, string>, sourceFiles?: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "seed-fixture-"));
  written.push(root);
  const files: Record<string, string> = {
    ...(sourceFiles ?? { "sources/tiny.txt": FIXTURE_TEXT, "sources/tiny.yaml": FIXTURE_META }),
  };
  for (const [name, content] of Object.entries(graphFiles)) files[`graph/${name}`] = content;
  mkdirSync(join(root, "graph"), { recursive: true });
  mkdirSync(join(root, "sources"), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}
