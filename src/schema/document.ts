import { ACTOR_KINDS } from "../graph/model.ts";
import { sortEntities } from "../graph/query.ts";
import { DOCUMENT_ACTIONS } from "./actor.ts";
import { builder } from "./builder.ts";
import {
  ActorConnection,
  CommitmentConnection,
  DocumentConnection,
  EntityConnection,
  EventConnection,
  PersonConnection,
  TopicConnection,
} from "./connections.ts";
import { listSize, sizes } from "./cost.ts";
import { DocumentTypeEnum, EntityOrderEnum } from "./enums.ts";
import { SectionRef, TimeSpanRef } from "./evidence.ts";
import { addSlugLookup } from "./lookup.ts";
import { paginate } from "./pagination.ts";
import {
  ActorRef,
  CommitmentRef,
  DocumentRef,
  EntityRef,
  EventRef,
  isKind,
  PersonRef,
  TopicRef,
} from "./refs.ts";
import { loadAllOfKind, relatedEntities, relatedOfKind } from "./related.ts";

DocumentRef.implement({
  description: "A document: an article, speech, declaration, statement, action plan, strategy or charter.",
  interfaces: [EntityRef],
  isTypeOf: isKind("DOCUMENT"),
  fields: (t) => ({
    title: t.exposeString("name", { description: "The document's title, or the name the sources give it." }),
    documentType: t.field({
      type: DocumentTypeEnum,
      description: "What type of document it is.",
      resolve: (d) => d.documentType,
    }),
    date: t.field({
      type: TimeSpanRef,
      nullable: true,
      description:
        "When it was written, issued, adopted or approved, as exactly as known (not the period it applies to: see `covers`).",
      resolve: (d) => d.date,
    }),
    covers: t.field({
      type: TimeSpanRef,
      nullable: true,
      description:
        "The period it applies to, when the source gives one (the Action Plan for 2021-2025: 2021-2025); null otherwise.",
      resolve: (d) => d.covers ?? null,
    }),
    held: t.boolean({
      description: "Whether the graph holds this document's full text (it is one of the sources).",
      resolve: (d) => d.sourceId !== null,
    }),
    text: t.string({
      nullable: true,
      description:
        "The full verbatim text, for a held source; null otherwise. Evidence offsets index into it.",
      resolve: async (d, _args, context) =>
        d.sourceId ? (await context.loaders.sources.load(d.sourceId)).text : null,
    }),
    sections: t.field({
      type: [SectionRef],
      description: "The headed sections of a held source, in order; empty otherwise.",
      extensions: listSize(sizes.largest("sections")),
      resolve: async (d, _args, context) =>
        d.sourceId ? (await context.loaders.sources.load(d.sourceId)).sections : [],
    }),
    authors: t.connection(
      {
        type: PersonRef,
        description: "Persons who wrote it.",
        resolve: relatedOfKind(["AUTHORED"], "INCOMING", "PERSON"),
      },
      PersonConnection,
    ),
    deliveredBy: t.connection(
      {
        type: PersonRef,
        description: "Persons who delivered it (for speeches and remarks).",
        resolve: relatedOfKind(["DELIVERS"], "INCOMING", "PERSON"),
      },
      PersonConnection,
    ),
    issuedBy: t.connection(
      {
        type: ActorRef,
        description: "Actors who issued, adopted, approved or signed it.",
        resolve: relatedEntities(DOCUMENT_ACTIONS, "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    producedAt: t.connection(
      {
        type: EventRef,
        description: "Events at which it was produced.",
        resolve: relatedOfKind(["PRODUCED_AT"], "OUTGOING", "EVENT"),
      },
      EventConnection,
    ),
    implements: t.connection(
      {
        type: DocumentRef,
        description: "Documents this one implements.",
        resolve: relatedOfKind(["IMPLEMENTS"], "OUTGOING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    implementedBy: t.connection(
      {
        type: DocumentRef,
        description: "Documents that implement this one.",
        resolve: relatedOfKind(["IMPLEMENTS"], "INCOMING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    commitments: t.connection(
      {
        type: CommitmentRef,
        description: "Commitments this document states (for example a statement's positions).",
        resolve: relatedOfKind(["CONTAINS"], "OUTGOING", "COMMITMENT"),
      },
      CommitmentConnection,
    ),
    topics: t.connection(
      {
        type: TopicRef,
        description: "Topics the document is about.",
        resolve: relatedOfKind(["CONCERNS"], "OUTGOING", "TOPIC"),
      },
      TopicConnection,
    ),
    mentions: t.connection(
      {
        type: EntityRef,
        description: "Entities the document mentions without a stronger relation.",
        resolve: relatedEntities(["MENTIONS"], "OUTGOING"),
      },
      EntityConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  documents: t.connection(
    {
      type: DocumentRef,
      description: "All documents, optionally of some types only.",
      args: {
        types: t.arg({
          type: [DocumentTypeEnum],
          required: false,
          description: "Only these document types.",
        }),
        orderBy: t.arg({
          type: EntityOrderEnum,
          required: false,
          defaultValue: "SEED",
          description: "Order of the list.",
        }),
      },
      resolve: async (_root, args, context) => {
        const documents = await loadAllOfKind(context, "DOCUMENT");
        const wanted = args.types?.length
          ? documents.filter((d) => args.types?.includes(d.documentType))
          : documents;
        return paginate(args, sortEntities(wanted, args.orderBy ?? "SEED"));
      },
    },
    DocumentConnection,
  ),
}));

addSlugLookup(DocumentRef, ["DOCUMENT"]);
