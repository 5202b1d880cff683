/** GraphQL enums mirroring the ontology in src/graph/model.ts, each value documented. */
import {
  ATTRIBUTIONS,
  CommitmentKind,
  CommitmentNovelty,
  CommitmentStatus,
  DatePrecision,
  DocumentType,
  ENTITY_KINDS,
  EventFormat,
  EventStatus,
  RELATION_DESCRIPTIONS,
  RELATION_TYPES,
} from "../graph/model.ts";
import { builder } from "./builder.ts";

const ENTITY_KIND_DESCRIPTIONS: Record<(typeof ENTITY_KINDS)[number], string> = {
  PERSON: "A named person.",
  ORGANIZATION: "An organization, body or department.",
  COUNTRY: "A country.",
  GROUP: 'A collective actor, such as "leaders of SCO members".',
  POST: "An office a person can hold, such as President of China.",
  DOCUMENT: "A document: article, speech, declaration, statement, action plan, strategy or charter.",
  EVENT: "A meeting, forum or anniversary, held or announced.",
  INITIATIVE: "An initiative, plan or vision that groups commitments.",
  COMMITMENT: "One pledge, proposal, call, position or agreement, or an author's claim.",
  PLACE: "A city, region or other place.",
  TOPIC: "A subject the sources are about.",
};

function valuesOf<T extends string>(names: readonly T[], descriptions: Record<T, string>) {
  return Object.fromEntries(names.map((name) => [name, { description: descriptions[name] }])) as Record<
    T,
    { description: string }
  >;
}

export const EntityKindEnum = builder.enumType("EntityKind", {
  description: "The kind of an entity; each kind has its own object type.",
  values: valuesOf(ENTITY_KINDS, ENTITY_KIND_DESCRIPTIONS),
});

export const RelationTypeEnum = builder.enumType("RelationType", {
  description: "The type of a relation, read as `from → to`.",
  values: valuesOf(RELATION_TYPES, RELATION_DESCRIPTIONS),
});

export const DirectionEnum = builder.enumType("Direction", {
  description: "Which relations of an entity to follow.",
  values: {
    OUTGOING: { description: "Relations from this entity to others." },
    INCOMING: { description: "Relations from others to this entity." },
    BOTH: { description: "Relations in either direction." },
  },
});

export const CommitmentKindEnum = builder.enumType("CommitmentKind", {
  description: "What a commitment binds its committer to.",
  values: valuesOf(CommitmentKind.options, {
    PLEDGE: 'The committer undertakes to act ("China will host…").',
    PROPOSAL: "Put forward for the group to take up.",
    CALL: "Urges others to act.",
    POSITION: "A stated stance for or against something.",
    AGREEMENT: "Reached or reaffirmed jointly by several parties.",
    CLAIM: "The source's author's own assessment, attributed to the author (not a commitment of a party).",
  }),
});

export const CommitmentNoveltyEnum = builder.enumType("CommitmentNovelty", {
  description: "Whether a commitment is first made in the source or restated.",
  values: valuesOf(CommitmentNovelty.options, {
    NEW: "Made in the source's event for the first time, as far as the source says.",
    REAFFIRMED: 'Restated: the source says "reaffirmed", "reiterated" or "continue to".',
  }),
});

export const AttributionEnum = builder.enumType("Attribution", {
  description: "How an actor comes to make a commitment.",
  values: valuesOf(ATTRIBUTIONS, {
    DIRECT: "The source names the actor as the one who makes it.",
    CAPACITY:
      "An office-holder made it in the capacity of a post of this body (a president for his country): inferred.",
    MEMBERSHIP: "A group the actor is a member of made it jointly: inferred.",
  }),
});

export const CommitmentStatusEnum = builder.enumType("CommitmentStatus", {
  description: "How far a commitment has come, as far as the sources say.",
  values: valuesOf(CommitmentStatus.options, {
    ANNOUNCED: "Announced; the sources say nothing of its delivery yet.",
    IN_PROGRESS: "Being carried out.",
    FULFILLED: "Carried out.",
    ABANDONED: "Dropped.",
  }),
});

export const DocumentTypeEnum = builder.enumType("DocumentType", {
  description: "The type of a document.",
  values: valuesOf(DocumentType.options, {
    ARTICLE: "A news or opinion article.",
    SPEECH: "Remarks or a speech delivered by a person.",
    DECLARATION: "A declaration signed by several parties.",
    STATEMENT: "A joint statement on one subject.",
    ACTION_PLAN: "A plan of actions implementing a strategy.",
    STRATEGY: "A long-term strategy.",
    CHARTER: "A founding charter.",
    OTHER: "Any other document.",
  }),
});

export const EventStatusEnum = builder.enumType("EventStatus", {
  description: "Whether an event has taken place.",
  values: valuesOf(EventStatus.options, {
    HELD: "It took place.",
    ANNOUNCED: "Announced for the future.",
    RECURRING: "Held repeatedly, and announced to continue.",
  }),
});

export const EventFormatEnum = builder.enumType("EventFormat", {
  description: "How an event is held.",
  values: valuesOf(EventFormat.options, {
    VIDEO_LINK: "Held by video link.",
    IN_PERSON: "Held in person.",
    UNSPECIFIED: "The sources do not say.",
  }),
});

export const DatePrecisionEnum = builder.enumType("DatePrecision", {
  description: "How exact a date is.",
  values: valuesOf(DatePrecision.options, {
    DAY: "Known to the day (YYYY-MM-DD).",
    MONTH: "Known to the month (YYYY-MM).",
    YEAR: "Known to the year (YYYY).",
  }),
});

export const EntityOrderEnum = builder.enumType("EntityOrder", {
  description: "How to order a list of entities.",
  values: {
    SEED: {
      description: "Curation order: the order facts appear in the seed (roughly the order of the source).",
    },
    NAME: { description: "Alphabetically by name." },
    DATE: {
      description:
        "Earliest date first (timeframe for commitments, date for events and documents); undated last.",
    },
  },
});
