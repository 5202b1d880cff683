/** The Initiative type: a named initiative or plan, who proposes it and the commitments it contains. */
import { ACTOR_KINDS } from "../graph/model.ts";
import { builder } from "./builder.ts";
import {
  ActorConnection,
  CommitmentConnection,
  EntityConnection,
  InitiativeConnection,
  TopicConnection,
} from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { ActorRef, CommitmentRef, EntityRef, InitiativeRef, isKind, TopicRef } from "./refs.ts";
import { pageOfKind, relatedEntities, relatedOfKind } from "./related.ts";

InitiativeRef.implement({
  description: "An initiative, plan or vision, such as the initiative for a community of health for all.",
  interfaces: [EntityRef],
  isTypeOf: isKind("INITIATIVE"),
  fields: (t) => ({
    proposedBy: t.connection(
      {
        type: ActorRef,
        description: "Actors who propose it.",
        resolve: relatedEntities(["PROPOSES"], "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    launchedBy: t.connection(
      {
        type: ActorRef,
        description: "Actors who launched it.",
        resolve: relatedEntities(["LAUNCHES"], "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    commitments: t.connection(
      {
        type: CommitmentRef,
        description: "The commitments (pledges, proposals, calls…) it contains.",
        resolve: relatedOfKind(["CONTAINS"], "OUTGOING", "COMMITMENT"),
      },
      CommitmentConnection,
    ),
    supportedBy: t.connection(
      {
        type: EntityRef,
        description: "Actors and commitments that support it.",
        resolve: relatedEntities(["SUPPORTS"], "INCOMING"),
      },
      EntityConnection,
    ),
    topics: t.connection(
      {
        type: TopicRef,
        description: "Topics it is about.",
        resolve: relatedOfKind(["CONCERNS"], "OUTGOING", "TOPIC"),
      },
      TopicConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  initiatives: t.connection(
    {
      type: InitiativeRef,
      description: "All initiatives, in seed order.",
      resolve: pageOfKind("INITIATIVE"),
    },
    InitiativeConnection,
  ),
}));

addSlugLookup(InitiativeRef, ["INITIATIVE"]);
