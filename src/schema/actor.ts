/** The Actor interface: persons, organizations, countries and groups, with what they commit to and do. */
import { userError } from "../errors.ts";
import { ACTOR_KINDS, type EntityKind, type EntityOf } from "../graph/model.ts";
import { builder } from "./builder.ts";
import {
  ActorConnection,
  CommitmentConnection,
  DocumentConnection,
  EntityConnection,
  EventConnection,
  InitiativeConnection,
} from "./connections.ts";
import { AttributionEnum, EntityKindEnum } from "./enums.ts";
import { TYPENAME_BY_KIND } from "./global-id.ts";
import { addSlugLookup } from "./lookup.ts";
import { paginateEntityIds } from "./pagination.ts";
import { ActorRef, CommitmentRef, DocumentRef, EntityRef, EventRef, InitiativeRef } from "./refs.ts";
import { pageMakesLinked, relatedEntities, relatedOfKind } from "./related.ts";

/** Relation types by which an actor acts on a document. */
export const DOCUMENT_ACTIONS = ["ISSUES", "ADOPTS", "APPROVES", "SIGNS"] as const;

ActorRef.implement({
  description: "Anyone who can act: a person, organization, country or group.",
  interfaces: [builder.nodeInterfaceRef(), EntityRef],
  resolveType: (entity) => TYPENAME_BY_KIND[entity.kind],
  fields: (t) => ({
    commitments: t.connection(
      {
        type: CommitmentRef,
        description:
          "Commitments this actor makes (pledges, proposals, calls, positions, agreements; an author's claims): those it is named for, those its office-holders made in their capacity and those of groups it belongs to, unless `attribution` narrows them.",
        args: {
          attribution: t.arg({
            type: [AttributionEnum],
            required: false,
            description: "Only commitments made in these ways, e.g. `[DIRECT]`; all ways when omitted.",
          }),
        },
        resolve: (actor, args, context) =>
          pageMakesLinked<EntityOf<"COMMITMENT">>(context, args, actor.id, "OUTGOING", args.attribution, [
            "COMMITMENT",
          ]),
      },
      CommitmentConnection,
    ),
    proposed: t.connection(
      {
        type: InitiativeRef,
        description: "Initiatives this actor proposes.",
        resolve: relatedOfKind(["PROPOSES"], "OUTGOING", "INITIATIVE"),
      },
      InitiativeConnection,
    ),
    launched: t.connection(
      {
        type: InitiativeRef,
        description: "Initiatives this actor launches.",
        resolve: relatedOfKind(["LAUNCHES"], "OUTGOING", "INITIATIVE"),
      },
      InitiativeConnection,
    ),
    addressedBy: t.connection(
      {
        type: CommitmentRef,
        description: "Commitments addressed to this actor: calls on it, invitations to it.",
        resolve: relatedOfKind(["ADDRESSED_TO"], "INCOMING", "COMMITMENT"),
      },
      CommitmentConnection,
    ),
    documents: t.connection(
      {
        type: DocumentRef,
        description: "Documents this actor issues, adopts, approves or signs.",
        resolve: relatedOfKind(DOCUMENT_ACTIONS, "OUTGOING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    participatedIn: t.connection(
      {
        type: EventRef,
        description: "Events this actor takes part in.",
        resolve: relatedOfKind(["PARTICIPATES_IN"], "OUTGOING", "EVENT"),
      },
      EventConnection,
    ),
    hosts: t.connection(
      {
        type: EventRef,
        description: "Events this actor hosts or will host.",
        resolve: relatedOfKind(["HOSTS"], "OUTGOING", "EVENT"),
      },
      EventConnection,
    ),
    memberOf: t.connection(
      {
        type: EntityRef,
        description: "Organizations and groups this actor is a member or observer of.",
        resolve: relatedEntities(["MEMBER_OF", "OBSERVER_OF"], "OUTGOING"),
      },
      EntityConnection,
    ),
    members: t.connection(
      {
        type: ActorRef,
        description: "Actors that are members or observers of this one.",
        resolve: relatedEntities(["MEMBER_OF", "OBSERVER_OF"], "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    supports: t.connection(
      {
        type: EntityRef,
        description: "What this actor supports.",
        resolve: relatedEntities(["SUPPORTS"], "OUTGOING"),
      },
      EntityConnection,
    ),
    opposes: t.connection(
      {
        type: EntityRef,
        description: "What this actor opposes.",
        resolve: relatedEntities(["OPPOSES"], "OUTGOING"),
      },
      EntityConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  actors: t.connection(
    {
      type: ActorRef,
      description:
        "All actors, optionally of some kinds only (PERSON, ORGANIZATION, COUNTRY, GROUP), in seed order.",
      args: {
        kinds: t.arg({ type: [EntityKindEnum], required: false, description: "Only these actor kinds." }),
      },
      resolve: async (_root, args, context) => {
        const kinds: readonly EntityKind[] = args.kinds?.length ? args.kinds : ACTOR_KINDS;
        const notActors = kinds.filter((kind) => !ACTOR_KINDS.includes(kind));
        if (notActors.length > 0) {
          throw userError("BAD_USER_INPUT", `not actor kinds: ${notActors.join(", ")}`, {
            argument: "kinds",
            allowed: ACTOR_KINDS,
          });
        }
        return paginateEntityIds(args, context.store, kinds, (page) =>
          context.loaders.entities.loadMany(page),
        );
      },
    },
    ActorConnection,
  ),
}));

addSlugLookup(ActorRef, ACTOR_KINDS);
