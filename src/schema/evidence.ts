/** Value types shared by entities and relations: Evidence, TimeSpan, Quantity, Qualifiers, Section. */
import type { Context } from "../context.ts";
import type { Evidence, Qualifiers, Quantity, Section, TimeSpan } from "../graph/model.ts";
import { type StoredSource, sentenceAt } from "../graph/store.ts";
import { builder } from "./builder.ts";
import { listSize, sizes } from "./cost.ts";
import { AttributionEnum, DatePrecisionEnum } from "./enums.ts";
import { DocumentRef, EntityRef, PostRef } from "./refs.ts";

/** The held source an evidence quote comes from. */
function sourceOf(evidence: Evidence, context: Context): Promise<StoredSource> {
  return context.loaders.sources.load(evidence.sourceId);
}

/** The whole sentence(s) a quote falls in, so a reader sees its context. */
export function sentenceOf(source: StoredSource, evidence: Pick<Evidence, "start" | "end">): string {
  const first = sentenceAt(source, evidence.start);
  const last = sentenceAt(source, Math.max(evidence.start, evidence.end - 1));
  return source.text.slice(Math.min(first.start, evidence.start), Math.max(last.end, evidence.end));
}

export const EvidenceRef = builder.objectRef<Evidence>("Evidence").implement({
  description: "A verbatim quote from a source document that states a fact, with its exact position.",
  fields: (t) => ({
    quote: t.exposeString("quote", { description: "The quote, exactly as it stands in the source." }),
    start: t.exposeInt("start", { description: "Offset of the quote's first character in the source text." }),
    end: t.exposeInt("end", { description: "Offset just past the quote's last character (exclusive)." }),
    document: t.field({
      type: DocumentRef,
      description: "The document whose text holds the quote.",
      resolve: (evidence) => evidence.documentId,
    }),
    sectionLabel: t.exposeString("section", {
      nullable: true,
      description: 'Label of the section the quote falls in, such as "III"; null before the first heading.',
    }),
    section: t.string({
      nullable: true,
      description: "Heading of the section the quote falls in; null before the first heading.",
      resolve: async (evidence, _args, context) =>
        (await sourceOf(evidence, context)).sections.find((s) => s.label === evidence.section)?.title ?? null,
    }),
    sentence: t.string({
      description: "The whole sentence containing the quote (several, if the quote spans them).",
      resolve: async (evidence, _args, context) => sentenceOf(await sourceOf(evidence, context), evidence),
    }),
  }),
});

export const TimeSpanRef = builder.objectRef<TimeSpan>("TimeSpan").implement({
  description: "A date or span of dates, as exact as the source allows, with the words it was resolved from.",
  fields: (t) => ({
    start: t.exposeString("start", { description: "First date: YYYY, YYYY-MM or YYYY-MM-DD." }),
    end: t.exposeString("end", {
      description: "Last date (inclusive), in the same form; equals start for one date.",
    }),
    precision: t.field({
      type: DatePrecisionEnum,
      description: "How exact the dates are.",
      resolve: (s) => s.precision,
    }),
    raw: t.exposeString("raw", {
      nullable: true,
      description:
        'The phrase in the source it was resolved from, such as "next year"; null when given exactly.',
    }),
    inferred: t.boolean({
      description:
        "True when the source does not give this date outright but it follows from linked facts (`note`, `evidence`).",
      resolve: (s) => s.inferred ?? false,
    }),
    note: t.string({
      nullable: true,
      description: "How an inferred date follows, step by step; null for a date the source states.",
      resolve: (s) => s.note ?? null,
    }),
    evidence: t.field({
      type: [EvidenceRef],
      description: "The quotes that date it: its phrase, or every link of an inferred chain.",
      extensions: listSize(sizes.largest("evidence")),
      resolve: (s) => s.evidence ?? [],
    }),
  }),
});

export const QuantityRef = builder.objectRef<Quantity>("Quantity").implement({
  description: 'A number the source states, such as "600 young people".',
  fields: (t) => ({
    value: t.exposeFloat("value", { description: "The number." }),
    unit: t.exposeString("unit", { description: "What is counted." }),
    raw: t.exposeString("raw", { description: "The words of the source." }),
  }),
});

export const QualifiersRef = builder.objectRef<Qualifiers>("Qualifiers").implement({
  description: "Extra facts about a relation, as Wikidata qualifiers: when, in what role, how many.",
  fields: (t) => ({
    date: t.string({
      nullable: true,
      description: "When the relation held or holds.",
      resolve: (q) => q.date ?? null,
    }),
    role: t.string({
      nullable: true,
      description: "The role in which it holds.",
      resolve: (q) => q.role ?? null,
    }),
    quantity: t.field({
      type: QuantityRef,
      nullable: true,
      description: "A quantity attached to the relation.",
      resolve: (q) => q.quantity ?? null,
    }),
    note: t.string({
      nullable: true,
      description: "A curator's note; for an inferred or derived relation, how it follows from its quotes.",
      resolve: (q) => q.note ?? null,
    }),
    inferred: t.boolean({
      description:
        "True when the source does not state the relation outright: `note` says how it follows and the relation's evidence quotes every step.",
      resolve: (q) => q.inferred ?? false,
    }),
    attribution: t.field({
      type: AttributionEnum,
      nullable: true,
      description:
        "On MAKES links: DIRECT when the source names the maker, CAPACITY or MEMBERSHIP when derived; null on other relations.",
      resolve: (q) => q.attribution ?? null,
    }),
    capacity: t.field({
      type: PostRef,
      nullable: true,
      description:
        "On MAKES links: the post in which the commitment was made (President of China for Xi Jinping).",
      resolve: (q) => q.capacity ?? null,
    }),
    onBehalfOf: t.field({
      type: EntityRef,
      nullable: true,
      description: "On a curated MAKES link made in a post's capacity: the body the commitment is made for.",
      resolve: (q, _args, context) => (q.onBehalfOf ? context.loaders.entities.load(q.onBehalfOf) : null),
    }),
    through: t.field({
      type: EntityRef,
      nullable: true,
      description:
        "On a derived MAKES link: the actor it comes through (the office-holder, or the group the maker belongs to).",
      resolve: (q, _args, context) => (q.through ? context.loaders.entities.load(q.through) : null),
    }),
  }),
});

export const SectionRef = builder.objectRef<Section>("Section").implement({
  description: "A headed section of a source document.",
  fields: (t) => ({
    label: t.exposeString("label", { description: 'Its label, such as "I".' }),
    title: t.exposeString("title", { description: "Its heading, verbatim." }),
    start: t.exposeInt("start", { description: "Offset where the heading starts." }),
    end: t.exposeInt("end", { description: "Offset where the next section starts (exclusive)." }),
  }),
});
