/**
 * The ontology of the knowledge graph: entity kinds, relation types and the zod schemas that seed files must
 * satisfy, plus the resolved (loaded) shapes the store serves. GraphQL-free on purpose.
 */
import { z } from "zod";

/** Every kind of entity the graph holds. */
export const ENTITY_KINDS = [
  "PERSON",
  "ORGANIZATION",
  "COUNTRY",
  "GROUP",
  "POST",
  "DOCUMENT",
  "EVENT",
  "INITIATIVE",
  "COMMITMENT",
  "PLACE",
  "TOPIC",
] as const;
export const EntityKind = z.enum(ENTITY_KINDS);
export type EntityKind = z.infer<typeof EntityKind>;

/** Kinds that can act: make commitments, propose, issue documents, take part in events. */
export const ACTOR_KINDS: readonly EntityKind[] = ["PERSON", "ORGANIZATION", "COUNTRY", "GROUP"];

/** Every relation type, written as `from → to`. */
export const RELATION_TYPES = [
  "PROPOSES",
  "CONTAINS",
  "MAKES",
  "ADDRESSED_TO",
  "SUPPORTS",
  "OPPOSES",
  "ISSUES",
  "ADOPTS",
  "APPROVES",
  "SIGNS",
  "DELIVERS",
  "AUTHORED",
  "PRODUCED_AT",
  "PARTICIPATES_IN",
  "HOSTS",
  "LOCATED_IN",
  "MEMBER_OF",
  "OBSERVER_OF",
  "HOLDS_POST",
  "POST_IN",
  "PART_OF",
  "IMPLEMENTS",
  "LAUNCHES",
  "CONCERNS",
  "COMMEMORATES",
  "MENTIONS",
] as const;
export const RelationType = z.enum(RELATION_TYPES);
export type RelationType = z.infer<typeof RelationType>;

/**
 * Allowed endpoint kinds for relation types whose meaning fixes them; other types link any kinds. The loader
 * refuses a curated relation that breaks them, and every derived one keeps them (tests/attribution.test.ts).
 */
export const RELATION_ENDPOINT_KINDS: Partial<
  Record<RelationType, { from?: readonly EntityKind[]; to?: readonly EntityKind[] }>
> = {
  MAKES: { from: ACTOR_KINDS, to: ["COMMITMENT"] },
  ADDRESSED_TO: { from: ["COMMITMENT"], to: ACTOR_KINDS },
  HOLDS_POST: { from: ["PERSON"], to: ["POST"] },
  POST_IN: { from: ["POST"] },
  DELIVERS: { from: ["PERSON"], to: ["DOCUMENT"] },
  AUTHORED: { from: ["PERSON"], to: ["DOCUMENT"] },
  PRODUCED_AT: { from: ["DOCUMENT"], to: ["EVENT"] },
  PARTICIPATES_IN: { from: ACTOR_KINDS, to: ["EVENT"] },
  HOSTS: { from: ACTOR_KINDS, to: ["EVENT"] },
  ISSUES: { from: ACTOR_KINDS, to: ["DOCUMENT"] },
  ADOPTS: { from: ACTOR_KINDS, to: ["DOCUMENT"] },
  APPROVES: { from: ACTOR_KINDS, to: ["DOCUMENT"] },
  SIGNS: { from: ACTOR_KINDS, to: ["DOCUMENT"] },
  IMPLEMENTS: { from: ["DOCUMENT"], to: ["DOCUMENT"] },
  PROPOSES: { from: ACTOR_KINDS },
};

/**
 * Relation types that state a hierarchy or an order, so following them from any entity must never come back to
 * it: a part is not part of itself, a place not inside itself, an organization not (through others) a member of
 * itself, a document does not implement its own implementation, an event commemorates only earlier ones. The
 * loader rejects a cycle in any of these. No relation of any type may link an entity to itself.
 */
export const ACYCLIC_RELATION_TYPES: readonly RelationType[] = [
  "PART_OF",
  "CONTAINS",
  "LOCATED_IN",
  "MEMBER_OF",
  "POST_IN",
  "IMPLEMENTS",
  "COMMEMORATES",
];

/** One-line meaning of each relation type, shared by the checker, docs and the GraphQL enum. */
export const RELATION_DESCRIPTIONS: Record<RelationType, string> = {
  PROPOSES: "An actor puts forward an initiative or proposal.",
  CONTAINS: "An initiative contains a commitment (or a document contains a part).",
  MAKES: "An actor makes a commitment (pledge, proposal, call, position, agreement) or an author a claim.",
  ADDRESSED_TO: "A commitment is addressed to an actor (who is called on or invited).",
  SUPPORTS: "An actor or commitment supports an entity.",
  OPPOSES: "An actor or commitment opposes an entity.",
  ISSUES: "An actor issues a document.",
  ADOPTS: "An actor adopts a document.",
  APPROVES: "An actor approves a document.",
  SIGNS: "An actor signs a document.",
  DELIVERS: "A person delivers a speech.",
  AUTHORED: "A person writes a document.",
  PRODUCED_AT: "A document is produced at an event.",
  PARTICIPATES_IN: "An actor takes part in an event.",
  HOSTS: "An actor hosts an event.",
  LOCATED_IN: "An entity is located in, or takes place in, a place.",
  MEMBER_OF: "An actor is a member of an organization or group.",
  OBSERVER_OF: "An actor is an observer of an organization.",
  HOLDS_POST: "A person holds a post (an office).",
  POST_IN: "A post belongs to an organization or country.",
  PART_OF: "An entity is part of a larger entity.",
  IMPLEMENTS: "A document implements another document.",
  LAUNCHES: "An actor launches an initiative or event.",
  CONCERNS: "An entity is about a topic or an actor.",
  COMMEMORATES: "An event or document commemorates an anniversary or past event.",
  MENTIONS: "A document mentions an entity without any stronger relation.",
};

/** The kinds of documents the graph distinguishes. */
export const DocumentType = z.enum([
  "ARTICLE",
  "SPEECH",
  "DECLARATION",
  "STATEMENT",
  "ACTION_PLAN",
  "STRATEGY",
  "CHARTER",
  "OTHER",
]);
export type DocumentType = z.infer<typeof DocumentType>;

/** What a commitment binds its committer to. */
export const CommitmentKind = z.enum(["PLEDGE", "PROPOSAL", "CALL", "POSITION", "AGREEMENT", "CLAIM"]);
export type CommitmentKind = z.infer<typeof CommitmentKind>;

/** Whether a commitment is first made in the source or restated ("reaffirmed", "reiterated", "continue to"). */
export const CommitmentNovelty = z.enum(["NEW", "REAFFIRMED"]);
export type CommitmentNovelty = z.infer<typeof CommitmentNovelty>;

/**
 * How a committer comes to make a commitment: named as its maker in the source (DIRECT), through an
 * office-holder who made it in the capacity of a post of this body (CAPACITY), or as a member of a group that
 * made it (MEMBERSHIP). The loader marks curated MAKES links DIRECT and derives the others.
 */
export const ATTRIBUTIONS = ["DIRECT", "CAPACITY", "MEMBERSHIP"] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/** How far a commitment has come; the article only announces, so seed commitments are ANNOUNCED. */
export const CommitmentStatus = z.enum(["ANNOUNCED", "IN_PROGRESS", "FULFILLED", "ABANDONED"]);
export type CommitmentStatus = z.infer<typeof CommitmentStatus>;

/** Whether an event has taken place or is announced for the future. */
export const EventStatus = z.enum(["HELD", "ANNOUNCED", "RECURRING"]);
export type EventStatus = z.infer<typeof EventStatus>;

/** How an event is held. */
export const EventFormat = z.enum(["VIDEO_LINK", "IN_PERSON", "UNSPECIFIED"]);
export type EventFormat = z.infer<typeof EventFormat>;

/** How exact a date is. */
export const DatePrecision = z.enum(["DAY", "MONTH", "YEAR"]);
export type DatePrecision = z.infer<typeof DatePrecision>;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Days in a month of the proleptic Gregorian calendar (month 1-12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why a well-formed YYYY, YYYY-MM or YYYY-MM-DD is not a day or month of the calendar (month 13, 30 February,
 * 31 April...), or null when it is one: the shape alone would let impossible dates into the graph.
 */
export function calendarDateProblem(date: string): string | null {
  const [year = 0, month, day] = date.split("-").map(Number);
  if (month === undefined) return null;
  if (month < 1 || month > 12)
    return `"${date}" is not a date: month ${month} does not exist (months are 01-12)`;
  if (day === undefined) return null;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `"${date}" is not a date: ${MONTH_NAMES[month - 1]} ${year} has days 01-${last}`;
  }
  return null;
}

const DATE_SHAPE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const partialDate = z
  .string()
  .regex(DATE_SHAPE, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
  .superRefine((date, context) => {
    // The regex reports a malformed date; this only judges well-formed ones, so each gets one message.
    if (!DATE_SHAPE.test(date)) return;
    const problem = calendarDateProblem(date);
    if (problem) {
      context.addIssue({ code: "custom", message: problem, params: { fix: "give a real calendar date" } });
    }
  });

/** A resolved date or span: ISO partial dates, their precision, and the phrase they came from. */
export interface TimeSpan {
  start: string;
  end: string;
  precision: DatePrecision;
  raw: string | null;
  /** True when the text does not state the date outright but it follows from linked facts (see `note`). */
  inferred?: boolean;
  /** How an inferred date follows, step by step. */
  note?: string | null;
  /** The quotes that date it: the phrase itself, or every link of an inferred chain. */
  evidence?: Evidence[];
}

/** A verbatim quote as curators write it: a plain string, or an object with a disambiguator. */
export const SeedEvidence = z.union([
  z.string().min(1),
  z
    .object({
      quote: z.string().min(1),
      /** Source id; defaults to the file's `source`. */
      source: z.string().optional(),
      /** 1-based occurrence of the quote in the source, for a quote that appears more than once. */
      occurrence: z.number().int().positive().optional(),
      /** Character offset near which the quote starts, the other way to pick among repeats. */
      near: z.number().int().nonnegative().optional(),
    })
    .strict(),
]);
export type SeedEvidence = z.infer<typeof SeedEvidence>;

/**
 * A date or span as curators write it: either explicit (`start`, optional `end`) or a relative phrase (`raw`,
 * e.g. "next year") that the loader resolves against the source document's date.
 */
export const SeedTimeSpan = z
  .object({
    raw: z.string().min(1).optional(),
    start: partialDate.optional(),
    end: partialDate.optional(),
    /** The text does not give this date outright: `note` says how it follows and `evidence` quotes each step. */
    inferred: z.boolean().optional(),
    note: z.string().min(1).optional(),
    /** The quotes that date it (for an inferred date, every link of the chain). */
    evidence: z.array(SeedEvidence).optional(),
  })
  .strict();
export type SeedTimeSpan = z.infer<typeof SeedTimeSpan>;

/** A number stated in the text, such as "600 young people". */
export const Quantity = z
  .object({ value: z.number(), unit: z.string().min(1), raw: z.string().min(1) })
  .strict();
export type Quantity = z.infer<typeof Quantity>;

/** Wikidata-style qualifiers on a relation, as curators write them. */
export const Qualifiers = z
  .object({
    date: partialDate.optional(),
    role: z.string().min(1).optional(),
    quantity: Quantity.optional(),
    note: z.string().min(1).optional(),
    /** The text does not state the link outright: `note` must say how it follows, the evidence quote each step. */
    inferred: z.boolean().optional(),
  })
  .strict()
  .refine((q) => !q.inferred || q.note !== undefined, {
    message: "an inferred relation says in `note` how it follows from its quotes",
    params: { fix: "add `note:` explaining the chain of inference, or drop `inferred: true`" },
  });

/**
 * Qualifiers of a loaded relation: the curated ones, plus those the loader adds on MAKES links. A MAKES made by
 * an office-holder names the post (`capacity`) and the body it commits (`onBehalfOf`); a MAKES the loader derives
 * names how (`attribution`) and through whom (`through`, the actor who made it one step nearer the source).
 */
export type Qualifiers = z.infer<typeof Qualifiers> & {
  capacity?: string;
  onBehalfOf?: string;
  attribution?: Attribution;
  through?: string;
};

const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "ids are lower-case slugs such as `xi-jinping` (letters, digits, hyphens)",
  );
const slugList = z.array(slug);

const entityBase = {
  id: slug,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().min(1),
  evidence: z.array(SeedEvidence).min(1, "every entity cites at least one evidence quote"),
};

const plainKinds = ["PERSON", "ORGANIZATION", "COUNTRY", "GROUP", "INITIATIVE", "PLACE", "TOPIC"] as const;

/** One entity in a seed file; kind-specific fields sit beside the common ones. */
export const SeedEntity = z.discriminatedUnion("kind", [
  z.object({ ...entityBase, kind: z.enum(plainKinds) }).strict(),
  z.object({ ...entityBase, kind: z.literal("POST"), organization: slug.optional() }).strict(),
  z
    .object({
      ...entityBase,
      kind: z.literal("DOCUMENT"),
      documentType: DocumentType,
      /** Id of a held source under seed/sources whose full text this document is. */
      source: z.string().optional(),
      /** When it was issued, adopted or approved. */
      date: SeedTimeSpan.optional(),
      /** The period it applies to, such as an action plan's 2021-2025 (not when it was made). */
      covers: SeedTimeSpan.optional(),
    })
    .strict(),
  z
    .object({
      ...entityBase,
      kind: z.literal("EVENT"),
      date: SeedTimeSpan.optional(),
      format: EventFormat.default("UNSPECIFIED"),
      status: EventStatus,
      place: slug.optional(),
    })
    .strict(),
  z
    .object({
      ...entityBase,
      kind: z.literal("COMMITMENT"),
      commitmentKind: CommitmentKind,
      /** Why its kind or novelty departs from the codebook's signal phrases (seed/README.md), when it does. */
      codingNote: z.string().min(1).optional(),
      novelty: CommitmentNovelty.default("NEW"),
      statement: z.string().min(1),
      status: CommitmentStatus.default("ANNOUNCED"),
      timeframe: SeedTimeSpan.optional(),
      quantities: z.array(Quantity).default([]),
      /** Shorthand for MAKES relations (actor → this commitment), citing this entity's evidence. */
      committedBy: slugList.min(1, "every commitment names at least one committer in `committedBy`"),
      /** Shorthand for ADDRESSED_TO relations. */
      addressedTo: slugList.default([]),
      /** Shorthand for one CONTAINS relation (initiative → this commitment). */
      initiative: slug.optional(),
      /** Shorthand for CONCERNS relations (this commitment → topic). */
      topics: slugList.default([]),
      /** Shorthand for one LOCATED_IN relation (this commitment → place). */
      place: slug.optional(),
    })
    .strict(),
]);
export type SeedEntity = z.infer<typeof SeedEntity>;

/** One relation in a seed file. */
export const SeedRelation = z
  .object({
    type: RelationType,
    from: slug,
    to: slug,
    qualifiers: Qualifiers.optional(),
    evidence: z.array(SeedEvidence).min(1, "every relation cites at least one evidence quote"),
  })
  .strict();
export type SeedRelation = z.infer<typeof SeedRelation>;

/** A whole seed file under seed/graph. */
export const SeedFile = z
  .object({
    /** Default source id for the quotes in this file. */
    source: z.string().optional(),
    entities: z.array(z.unknown()).default([]),
    relations: z.array(z.unknown()).default([]),
  })
  .strict();

/** A held source's metadata, in `seed/sources/<id>.yaml` beside `<id>.txt`. */
export const SourceMeta = z
  .object({
    id: slug,
    title: z.string().min(1),
    authors: z.array(z.string().min(1)).default([]),
    kind: DocumentType,
    /** The document's own date; relative phrases in it are resolved against this. */
    date: z.object({ start: partialDate, end: partialDate.optional(), raw: z.string().optional() }).strict(),
    /** Section headings, each copied verbatim from the text (the start of its line is enough). */
    sections: z
      .array(z.object({ label: z.string().min(1), heading: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();
export type SourceMeta = z.infer<typeof SourceMeta>;

/** A section of a held source, with its character offsets. */
export interface Section {
  label: string;
  title: string;
  start: number;
  end: number;
}

/** A held source document: verbatim text plus metadata. */
export interface Source {
  id: string;
  file: string;
  title: string;
  authors: string[];
  kind: DocumentType;
  date: TimeSpan;
  text: string;
  sections: Section[];
}

/** A resolved evidence quote: where exactly it stands in which source. */
export interface Evidence {
  quote: string;
  sourceId: string;
  /** Id of the DOCUMENT entity that holds the source. */
  documentId: string;
  start: number;
  end: number;
  /** Label of the section the quote falls in, or null before the first heading. */
  section: string | null;
}

interface EntityCommon {
  id: string;
  name: string;
  aliases: string[];
  description: string;
  evidence: Evidence[];
}

/** A loaded entity; the kind-specific block is present only for its kind. */
export type Entity = EntityCommon &
  (
    | { kind: (typeof plainKinds)[number] }
    | { kind: "POST" }
    | {
        kind: "DOCUMENT";
        documentType: DocumentType;
        sourceId: string | null;
        /** When it was issued, adopted or approved. */
        date: TimeSpan | null;
        /** The period it applies to, when the source gives one. */
        covers?: TimeSpan | null;
      }
    | {
        kind: "EVENT";
        date: TimeSpan | null;
        format: EventFormat;
        status: EventStatus;
      }
    | {
        kind: "COMMITMENT";
        commitmentKind: CommitmentKind;
        /** Why its kind or novelty departs from the codebook's signal phrases, when it does. */
        codingNote?: string | null;
        /** NEW when first made in the source, REAFFIRMED when restated; NEW when absent. */
        novelty?: CommitmentNovelty;
        statement: string;
        status: CommitmentStatus;
        timeframe: TimeSpan | null;
        quantities: Quantity[];
      }
  );

/** Narrow an entity to one kind. */
export type EntityOf<K extends EntityKind> = Entity & { kind: K };

/** A loaded relation between two entities. */
export interface Relation {
  id: string;
  type: RelationType;
  from: string;
  to: string;
  qualifiers: Qualifiers;
  evidence: Evidence[];
}

/** Which way to follow edges from a node. */
export type Direction = "OUTGOING" | "INCOMING" | "BOTH";
