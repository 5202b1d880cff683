/**
 * Writes a synthetic seed of the same shape as seed/ (sources/ + graph/) with about `targetEdges` relations, for
 * the scale benchmark (bench/scale.ts). Deterministic: the same arguments write the same bytes.
 *
 * One source, `sources/synthetic.txt`, holds one unique sentence per fact: every entity and every explicit
 * relation cites its own whole sentence, each ending in a unique tag such as "(c345)." so no quote occurs twice,
 * and cites it as `{ quote, near }` with `near` the exact start offset (the loader's fast path). Commitment
 * shorthand (committedBy, addressedTo, initiative, topics) expands into relations that cite the commitment's
 * sentence, which names its committers, as the real seed does.
 *
 *   node --import tsx bench/generate-seed.ts <dir> <edges>
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** What generateSeed wrote. */
export interface GeneratedSeed {
  entities: number;
  relations: number;
  /** Bytes written under `dir` (source text, metadata and graph files). */
  bytes: number;
}

/** The source id of the synthetic text. */
export const SYNTHETIC_SOURCE = "synthetic";

/** Entities or relations per graph file. */
const ITEMS_PER_FILE = 25_000;
/** Sentences per paragraph (one paragraph is one line of the text). */
const SENTENCES_PER_PARAGRAPH = 8;
const SECTIONS = [
  { label: "I", heading: "I. Section one." },
  { label: "II", heading: "II. Section two." },
  { label: "III", heading: "III. Section three." },
  { label: "IV", heading: "IV. Section four." },
  { label: "V", heading: "V. Section five." },
];

/** Per commitment: how many of each other kind the graph holds (so degrees stay the same at every size). */
const PER_COMMITMENT = { actors: 0.25, initiatives: 0.12, topics: 0.15, documents: 0.05, events: 0.03 };
/**
 * Relations per commitment, for the first estimate: shorthand 1.5 committers + 1 initiative + 2 topics + 0.3
 * addressees, and explicit PROPOSES 1.5 per initiative, SUPPORTS and PARTICIPATES_IN 1 per actor, ISSUES and
 * PRODUCED_AT 1 per document, CONCERNS 1 per initiative, MEMBER_OF 1 per person.
 */
const RELATIONS_PER_COMMITMENT =
  4.8 + PER_COMMITMENT.initiatives * 2.5 + PER_COMMITMENT.actors * (2 + 1 / 3) + PER_COMMITMENT.documents * 2;

const WORDS = [
  "water",
  "energy",
  "trade",
  "health",
  "security",
  "climate",
  "transport",
  "education",
  "tourism",
  "agriculture",
  "finance",
  "culture",
  "science",
  "youth",
  "media",
  "sport",
  "poverty",
  "digital",
  "customs",
  "railways",
  "forestry",
  "fisheries",
  "medicine",
  "vaccines",
  "logistics",
  "housing",
  "mining",
  "textiles",
  "satellites",
  "archives",
];
const ACTOR_KINDS = ["PERSON", "COUNTRY", "GROUP"] as const;
const COMMITMENT_KINDS = [
  { kind: "PLEDGE", verb: "pledge to advance" },
  { kind: "PROPOSAL", verb: "propose to advance" },
  { kind: "CALL", verb: "call on all parties to advance" },
  { kind: "POSITION", verb: "stand for" },
  { kind: "AGREEMENT", verb: "agree to advance" },
] as const;
const DOCUMENT_TYPES = ["DECLARATION", "STATEMENT", "ACTION_PLAN", "STRATEGY", "SPEECH"] as const;

/** mulberry32: a small, fast, seeded PRNG, so the seed is the same on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Evidence = { quote: string; near: number };
type Item = Record<string, unknown>;

/** Builds the text sentence by sentence, with section headings at line starts, tracking every offset. */
class TextWriter {
  private readonly chunks: string[] = [];
  private length = 0;
  private inParagraph = 0;
  private nextSection = 0;
  private written = 0;

  constructor(private readonly expectedSentences: number) {
    this.append("Synthetic report\n\n");
  }

  private append(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Append one sentence (which must be unique in the text) and return its evidence. */
  sentence(text: string): Evidence[] {
    // The introduction takes the first sixth of the sentences, each section one sixth after it.
    const section = SECTIONS[this.nextSection];
    if (
      section &&
      this.written >= ((this.nextSection + 1) * this.expectedSentences) / (SECTIONS.length + 1)
    ) {
      this.endParagraph();
      this.append(`${section.heading}\n\n`);
      this.nextSection++;
    }
    if (this.inParagraph > 0) this.append(" ");
    const near = this.length;
    this.append(text);
    this.written++;
    if (++this.inParagraph >= SENTENCES_PER_PARAGRAPH) this.endParagraph();
    return [{ quote: text, near }];
  }

  private endParagraph(): void {
    if (this.inParagraph === 0) return;
    this.append("\n\n");
    this.inParagraph = 0;
  }

  finish(): string {
    // Every heading is written, even in a text too short to reach it, so the metadata always matches.
    while (this.nextSection < SECTIONS.length) {
      this.endParagraph();
      this.append(`${SECTIONS[this.nextSection]?.heading}\n\n`);
      this.nextSection++;
    }
    this.endParagraph();
    return this.chunks.join("");
  }
}

/** Write a synthetic seed with about `targetEdges` relations into `dir` (created if missing). */
export function generateSeed(dir: string, targetEdges: number): GeneratedSeed {
  if (!Number.isInteger(targetEdges) || targetEdges < 100) {
    throw new Error(`targetEdges must be an integer of at least 100, got ${targetEdges}`);
  }
  const random = prng(0x5c0 + targetEdges);
  const pick = (count: number) => Math.floor(random() * count);
  const word = () => WORDS[pick(WORDS.length)] as string;

  // Sizes: the other kinds scale with the commitments; commitments are then added until the target is met.
  const estimate = Math.max(20, Math.round(targetEdges / RELATIONS_PER_COMMITMENT));
  const count = (ratio: number, least: number) => Math.max(least, Math.round(estimate * ratio));
  const actorCount = count(PER_COMMITMENT.actors, 6);
  const initiativeCount = count(PER_COMMITMENT.initiatives, 3);
  const topicCount = count(PER_COMMITMENT.topics, 5);
  const documentCount = count(PER_COMMITMENT.documents, 2);
  const eventCount = count(PER_COMMITMENT.events, 2);

  type Actor = { id: string; name: string; kind: (typeof ACTOR_KINDS)[number] };
  const actors: Actor[] = Array.from({ length: actorCount }, (_, i) => {
    const kind = ACTOR_KINDS[i % ACTOR_KINDS.length] as Actor["kind"];
    const noun = kind === "PERSON" ? "Person" : kind === "COUNTRY" ? "Country" : "Group";
    return { id: `${noun.toLowerCase()}-${i}`, name: `${noun} ${i}`, kind };
  });
  // Persons join countries, not GROUPs: a group's commitments bind its members, and the links the loader would
  // derive from that would make the loaded relation count differ from the count written (see seed/README.md).
  const collectives = actors.filter((actor) => actor.kind === "COUNTRY");
  const initiativeId = (i: number) => `initiative-${i}`;
  const topicId = (i: number) => `topic-${i}`;
  const documentId = (i: number) => `document-${i}`;
  const eventId = (i: number) => `event-${i}`;

  // Explicit relations, planned first so their count is known before the commitments are.
  type PlannedRelation = { type: string; from: string; to: string; sentence: string };
  const planned: PlannedRelation[] = [];
  const plan = (type: string, from: string, to: string, sentence: string) =>
    planned.push({ type, from, to, sentence });
  const actorAt = (i: number) => actors[i % actors.length] as Actor;
  for (let i = 0; i < initiativeCount; i++) {
    const first = pick(actors.length);
    const proposers =
      random() < 0.5 ? [first] : [first, (first + 1 + pick(actors.length - 1)) % actors.length];
    for (const at of proposers) {
      plan("PROPOSES", actorAt(at).id, initiativeId(i), `${actorAt(at).name} proposes Initiative ${i}`);
    }
    const topic = pick(topicCount);
    plan("CONCERNS", initiativeId(i), topicId(topic), `Initiative ${i} is about Topic ${topic}`);
  }
  actors.forEach((actor) => {
    const initiative = pick(initiativeCount);
    plan("SUPPORTS", actor.id, initiativeId(initiative), `${actor.name} supports Initiative ${initiative}`);
    const event = pick(eventCount);
    plan("PARTICIPATES_IN", actor.id, eventId(event), `${actor.name} takes part in Event ${event}`);
    if (actor.kind === "PERSON") {
      const body = collectives[pick(collectives.length)] as Actor;
      plan("MEMBER_OF", actor.id, body.id, `${actor.name} belongs to ${body.name}`);
    }
  });
  for (let i = 0; i < documentCount; i++) {
    const issuer = actorAt(pick(actors.length));
    plan("ISSUES", issuer.id, documentId(i), `${issuer.name} issues Document ${i}`);
    const event = pick(eventCount);
    plan("PRODUCED_AT", documentId(i), eventId(event), `Document ${i} comes out of Event ${event}`);
  }

  // Commitments: drawn until the explicit relations plus their shorthand reach the target.
  type PlannedCommitment = {
    committers: Actor[];
    addressee: Actor | null;
    initiative: number;
    topics: number[];
    kind: (typeof COMMITMENT_KINDS)[number];
    word: string;
    nextYear: boolean;
  };
  const commitments: PlannedCommitment[] = [];
  let relationCount = planned.length;
  while (relationCount < targetEdges) {
    const first = pick(actors.length);
    const committers = [actorAt(first)];
    if (random() < 0.5) committers.push(actorAt(first + 1 + pick(actors.length - 1)));
    const topics = new Set<number>();
    const topicsWanted = 1 + pick(3);
    while (topics.size < topicsWanted) topics.add(pick(topicCount));
    let addressee: Actor | null = null;
    if (random() < 0.3) {
      const candidate = actorAt(pick(actors.length));
      if (!committers.includes(candidate)) addressee = candidate;
    }
    const commitment: PlannedCommitment = {
      committers,
      addressee,
      initiative: pick(initiativeCount),
      topics: [...topics],
      kind: COMMITMENT_KINDS[commitments.length % COMMITMENT_KINDS.length] as PlannedCommitment["kind"],
      word: word(),
      nextYear: random() < 0.2,
    };
    commitments.push(commitment);
    relationCount += committers.length + (addressee ? 1 : 0) + 1 + topics.size;
  }

  const expectedSentences =
    1 + actorCount + initiativeCount + topicCount + documentCount + eventCount + commitments.length;
  const text = new TextWriter(expectedSentences + planned.length);
  const entities: Item[] = [];
  const relations: Item[] = [];

  entities.push({
    id: "synthetic-report",
    kind: "DOCUMENT",
    documentType: "ARTICLE",
    source: SYNTHETIC_SOURCE,
    name: "Synthetic report",
    description: "The synthetic report every quote of this seed comes from.",
    evidence: text.sentence("This synthetic report records every fact of the benchmark graph (s0)."),
  });
  for (const actor of actors) {
    const topic = word();
    entities.push({
      id: actor.id,
      kind: actor.kind,
      name: actor.name,
      description: `${actor.name} is an actor in the ${topic} debate.`,
      evidence: text.sentence(`${actor.name} is an actor in the ${topic} debate (${actor.id}).`),
    });
  }
  for (let i = 0; i < initiativeCount; i++) {
    const topic = word();
    entities.push({
      id: initiativeId(i),
      kind: "INITIATIVE",
      name: `Initiative ${i} on ${topic}`,
      description: `Initiative ${i} seeks progress on ${topic}.`,
      evidence: text.sentence(`Initiative ${i} seeks progress on ${topic} (i${i}).`),
    });
  }
  for (let i = 0; i < topicCount; i++) {
    const [a, b] = [word(), word()];
    entities.push({
      id: topicId(i),
      kind: "TOPIC",
      name: `Topic ${i}: ${a} and ${b}`,
      description: `Topic ${i} covers ${a} and ${b}.`,
      evidence: text.sentence(`Topic ${i} covers ${a} and ${b} (t${i}).`),
    });
  }
  for (let i = 0; i < documentCount; i++) {
    const topic = word();
    const documentType = DOCUMENT_TYPES[i % DOCUMENT_TYPES.length] as string;
    const label = documentType.toLowerCase().replace("_", " ");
    entities.push({
      id: documentId(i),
      kind: "DOCUMENT",
      documentType,
      name: `Document ${i}`,
      description: `Document ${i} is a ${label} on ${topic}.`,
      date: { start: "2020-11-10" },
      evidence: text.sentence(`Document ${i} is a ${label} on ${topic} (d${i}).`),
    });
  }
  for (let i = 0; i < eventCount; i++) {
    const topic = word();
    entities.push({
      id: eventId(i),
      kind: "EVENT",
      name: `Event ${i}`,
      description: `Event ${i} was a meeting by video link on ${topic}.`,
      status: "HELD",
      format: "VIDEO_LINK",
      date: { start: "2020-11-10" },
      evidence: text.sentence(`Event ${i} was a meeting by video link on ${topic} (e${i}).`),
    });
  }
  commitments.forEach((commitment, i) => {
    const who = commitment.committers.map((actor) => actor.name).join(" and ");
    const when = commitment.nextYear ? " next year" : "";
    const to = commitment.addressee ? ` with ${commitment.addressee.name}` : "";
    const what = `${commitment.word}${to} under Initiative ${commitment.initiative}${when}`;
    entities.push({
      id: `commitment-${i}`,
      kind: "COMMITMENT",
      commitmentKind: commitment.kind.kind,
      name: `Commitment ${i} on ${commitment.word}`,
      description: `${who} ${commitment.kind.verb} ${what}.`,
      statement: `${who} ${commitment.kind.verb} ${commitment.word}${to}.`,
      ...(commitment.nextYear ? { timeframe: { raw: "next year" } } : {}),
      committedBy: commitment.committers.map((actor) => actor.id),
      ...(commitment.addressee ? { addressedTo: [commitment.addressee.id] } : {}),
      initiative: initiativeId(commitment.initiative),
      topics: commitment.topics.map(topicId),
      evidence: text.sentence(`${who} ${commitment.kind.verb} ${what} (c${i}).`),
    });
  });
  planned.forEach((relation, i) => {
    relations.push({
      type: relation.type,
      from: relation.from,
      to: relation.to,
      evidence: text.sentence(`${relation.sentence} (r${i}).`),
    });
  });

  mkdirSync(join(dir, "sources"), { recursive: true });
  mkdirSync(join(dir, "graph"), { recursive: true });
  let bytes = 0;
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    bytes += Buffer.byteLength(content);
  };
  write(`sources/${SYNTHETIC_SOURCE}.txt`, text.finish());
  write(
    `sources/${SYNTHETIC_SOURCE}.yaml`,
    [
      `id: ${SYNTHETIC_SOURCE}`,
      `title: "Synthetic report (${targetEdges} edges)"`,
      "authors: [Benchmark generator]",
      "kind: ARTICLE",
      'date: { start: "2020-11-10", raw: "10 November 2020" }',
      "sections:",
      ...SECTIONS.map((s) => `  - { label: "${s.label}", heading: "${s.heading}" }`),
      "",
    ].join("\n"),
  );
  // One item per line, so a problem's line number points at the item.
  const writeChunks = (field: "entities" | "relations", items: Item[]) => {
    for (let at = 0, file = 1; at < items.length; at += ITEMS_PER_FILE, file++) {
      const lines = items.slice(at, at + ITEMS_PER_FILE).map((item) => JSON.stringify(item));
      const name = `graph/${field}-${String(file).padStart(4, "0")}.json`;
      write(name, `{\n"source": "${SYNTHETIC_SOURCE}",\n"${field}": [\n${lines.join(",\n")}\n]\n}\n`);
    }
  };
  writeChunks("entities", entities);
  writeChunks("relations", relations);
  return { entities: entities.length, relations: relationCount, bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, edges] = process.argv.slice(2);
  if (!dir || !edges || !Number.isInteger(Number(edges))) {
    console.error("usage: node --import tsx bench/generate-seed.ts <dir> <edges>");
    process.exit(2);
  }
  const started = performance.now();
  const result = generateSeed(dir, Number(edges));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${dir}: ${result.entities} entities, ${result.relations} relations, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds} s`,
  );
}
