import { ACTOR_KINDS } from "../graph/model.ts";
import { sortEntities } from "../graph/query.ts";
import { builder } from "./builder.ts";
import { ActorConnection, DocumentConnection, EntityConnection, EventConnection } from "./connections.ts";
import { EntityOrderEnum, EventFormatEnum, EventStatusEnum } from "./enums.ts";
import { TimeSpanRef } from "./evidence.ts";
import { addSlugLookup } from "./lookup.ts";
import { paginate } from "./pagination.ts";
import { ActorRef, DocumentRef, EntityRef, EventRef, isKind, PlaceRef } from "./refs.ts";
import { firstRelatedOfKind, loadAllOfKind, relatedEntities, relatedOfKind } from "./related.ts";

EventRef.implement({
  description: "A meeting, forum, anniversary or other event, held or announced.",
  interfaces: [EntityRef],
  isTypeOf: isKind("EVENT"),
  fields: (t) => ({
    date: t.field({
      type: TimeSpanRef,
      nullable: true,
      description: "When it happens, as exactly as known.",
      resolve: (e) => e.date,
    }),
    format: t.field({ type: EventFormatEnum, description: "How it is held.", resolve: (e) => e.format }),
    status: t.field({
      type: EventStatusEnum,
      description: "Whether it has taken place.",
      resolve: (e) => e.status,
    }),
    place: t.field({
      type: PlaceRef,
      nullable: true,
      description: "Where it takes place, when the sources say.",
      resolve: firstRelatedOfKind(["LOCATED_IN"], "OUTGOING", "PLACE"),
    }),
    participants: t.connection(
      {
        type: ActorRef,
        description: "Actors taking part.",
        resolve: relatedEntities(["PARTICIPATES_IN"], "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    hostedBy: t.connection(
      {
        type: ActorRef,
        description: "Actors hosting it.",
        resolve: relatedEntities(["HOSTS"], "INCOMING", ACTOR_KINDS),
      },
      ActorConnection,
    ),
    outcomes: t.connection(
      {
        type: DocumentRef,
        description: "Documents produced at this event.",
        resolve: relatedOfKind(["PRODUCED_AT"], "INCOMING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    commemorates: t.connection(
      {
        type: EntityRef,
        description: "What this event commemorates or celebrates.",
        resolve: relatedEntities(["COMMEMORATES"], "OUTGOING"),
      },
      EntityConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  events: t.connection(
    {
      type: EventRef,
      description: "All events, optionally only held or only announced ones.",
      args: {
        status: t.arg({
          type: EventStatusEnum,
          required: false,
          description: "Only events with this status.",
        }),
        orderBy: t.arg({
          type: EntityOrderEnum,
          required: false,
          defaultValue: "SEED",
          description: "Order of the list.",
        }),
      },
      resolve: async (_root, args, context) => {
        const events = await loadAllOfKind(context, "EVENT");
        const wanted = args.status ? events.filter((e) => e.status === args.status) : events;
        return paginate(args, sortEntities(wanted, args.orderBy ?? "SEED"));
      },
    },
    EventConnection,
  ),
}));

addSlugLookup(EventRef, ["EVENT"]);
