/** The Commitment type: one pledge, proposal, call, position, agreement or claim, with who, to whom, when and why. */
import { ACTOR_KINDS } from "../graph/model.ts";
import { findCommitments } from "../graph/query.ts";
import { builder } from "./builder.ts";
import {
  ActorConnection,
  CommitmentConnection,
  DocumentConnection,
  EntityConnection,
  TopicConnection,
} from "./connections.ts";
import { listSize, sizes } from "./cost.ts";
import {
  AttributionEnum,
  CommitmentKindEnum,
  CommitmentNoveltyEnum,
  CommitmentStatusEnum,
  EntityOrderEnum,
} from "./enums.ts";
import { QuantityRef, TimeSpanRef } from "./evidence.ts";
import { addSlugLookup } from "./lookup.ts";
import { paginate } from "./pagination.ts";
import {
  ActorRef,
  CommitmentRef,
  DocumentRef,
  EntityRef,
  InitiativeRef,
  isKind,
  PlaceRef,
  TopicRef,
} from "./refs.ts";
import { firstRelatedOfKind, pageMakesLinked, relatedEntities, relatedOfKind } from "./related.ts";

CommitmentRef.implement({
  description:
    "One thing an actor undertakes, proposes, urges, holds or agrees, as a source reports it, or one assessment its author makes (a CLAIM).",
  interfaces: [EntityRef],
  isTypeOf: isKind("COMMITMENT"),
  fields: (t) => ({
    statement: t.exposeString("statement", {
      description: "What is committed, in one plain-English sentence.",
    }),
    commitmentKind: t.field({
      type: CommitmentKindEnum,
      description:
        "Pledge, proposal, call, position or agreement. (`kind` is the entity kind, always COMMITMENT.)",
      resolve: (c) => c.commitmentKind,
    }),
    status: t.field({
      type: CommitmentStatusEnum,
      description: "How far it has come.",
      resolve: (c) => c.status,
    }),
    timeframe: t.field({
      type: TimeSpanRef,
      nullable: true,
      description:
        'When it is due, resolved from the source\'s words ("next year" → 2021); null when not given.',
      resolve: (c) => c.timeframe,
    }),
    quantities: t.field({
      type: [QuantityRef],
      description: "Numbers the commitment states.",
      extensions: listSize(sizes.largest("quantities")),
      resolve: (c) => c.quantities,
    }),
    novelty: t.field({
      type: CommitmentNoveltyEnum,
      description:
        'NEW when first made, REAFFIRMED when the source says it is restated ("reaffirmed", "continue to").',
      resolve: (c) => c.novelty ?? "NEW",
    }),
    codingNote: t.string({
      nullable: true,
      description:
        "Why its kind or novelty departs from the signal phrases of the coding codebook (seed/README.md); null when it does not.",
      resolve: (c) => c.codingNote ?? null,
    }),
    committedBy: t.connection(
      {
        type: ActorRef,
        description:
          "Actors who make this commitment: those the source names, and (unless `attribution` narrows them) the bodies of office-holders who made it and the members of groups that made it. `relations(types: [MAKES])` shows each link's chain.",
        args: {
          attribution: t.arg({
            type: [AttributionEnum],
            required: false,
            description: "Only committers making it in these ways, e.g. `[DIRECT]`; all ways when omitted.",
          }),
        },
        resolve: (commitment, args, context) =>
          pageMakesLinked(context, args, commitment.id, "INCOMING", args.attribution, ACTOR_KINDS),
      },
      ActorConnection,
    ),
    addressees: t.connection(
      {
        type: ActorRef,
        description: "Actors it is addressed to: those called on or invited.",
        resolve: relatedEntities(["ADDRESSED_TO"], "OUTGOING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    initiative: t.field({
      type: InitiativeRef,
      nullable: true,
      description: "The initiative it belongs to, when the source names one.",
      resolve: firstRelatedOfKind(["CONTAINS"], "INCOMING", "INITIATIVE"),
    }),
    statedIn: t.connection(
      {
        type: DocumentRef,
        description: "Documents (statements, declarations) that state it.",
        resolve: relatedOfKind(["CONTAINS"], "INCOMING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    topics: t.connection(
      {
        type: TopicRef,
        description: "Topics it concerns.",
        resolve: relatedOfKind(["CONCERNS"], "OUTGOING", "TOPIC"),
      },
      TopicConnection,
    ),
    place: t.field({
      type: PlaceRef,
      nullable: true,
      description: "Where it is to be carried out, when the source says.",
      resolve: firstRelatedOfKind(["LOCATED_IN"], "OUTGOING", "PLACE"),
    }),
    supports: t.connection(
      {
        type: EntityRef,
        description: "What this commitment supports.",
        resolve: relatedEntities(["SUPPORTS"], "OUTGOING"),
      },
      EntityConnection,
    ),
    opposes: t.connection(
      {
        type: EntityRef,
        description: "What this commitment opposes.",
        resolve: relatedEntities(["OPPOSES"], "OUTGOING"),
      },
      EntityConnection,
    ),
  }),
});

export const CommitmentFilterInput = builder.inputType("CommitmentFilter", {
  description: "Which commitments to list; every given criterion must hold.",
  fields: (t) => ({
    kinds: t.field({
      type: [CommitmentKindEnum],
      required: false,
      description: "Only these commitment kinds.",
    }),
    committer: t.string({
      required: false,
      description:
        "Slug of an actor who makes the commitment, e.g. `china`: named as its maker, or (unless `attribution` narrows it) through an office-holder in a post of it or a group it belongs to.",
    }),
    attribution: t.field({
      type: [AttributionEnum],
      required: false,
      description:
        "Ways the committer may make it, e.g. `[DIRECT]` for the commitments the source names it for; all ways when omitted. Also narrows `commitmentFacets.byCommitter`.",
    }),
    novelty: t.field({
      type: CommitmentNoveltyEnum,
      required: false,
      description: "Only commitments first made (NEW) or restated (REAFFIRMED).",
    }),
    initiative: t.string({ required: false, description: "Slug of the initiative that contains it." }),
    topic: t.string({ required: false, description: "Slug of a topic it concerns, e.g. `digital-economy`." }),
    yearDue: t.int({ required: false, description: "A year its timeframe covers, e.g. 2021." }),
    text: t.string({
      required: false,
      description: "Words that must all appear (any case) in its name, statement, description or evidence.",
    }),
  }),
});

builder.queryFields((t) => ({
  commitments: t.connection(
    {
      type: CommitmentRef,
      description: "Commitments, filtered and ordered.",
      args: {
        filter: t.arg({ type: CommitmentFilterInput, required: false, description: "Criteria to match." }),
        orderBy: t.arg({
          type: EntityOrderEnum,
          required: false,
          defaultValue: "SEED",
          description: "Order of the list.",
        }),
      },
      resolve: async (_root, args, context) =>
        paginate(args, await findCommitments(context.store, args.filter ?? {}, args.orderBy ?? "SEED")),
    },
    CommitmentConnection,
  ),
}));

addSlugLookup(CommitmentRef, ["COMMITMENT"]);
