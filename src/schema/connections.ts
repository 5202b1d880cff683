/** Connection types shared by many fields, named once so every list of one type has the same shape. */
import { builder } from "./builder.ts";
import {
  ActorRef,
  CommitmentRef,
  DocumentRef,
  EntityRef,
  EventRef,
  InitiativeRef,
  PersonRef,
  PlaceRef,
  PostRef,
  RelationRef,
  TopicRef,
} from "./refs.ts";

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    nullable: false,
    description: "How many items the whole list holds, across all pages.",
    resolve: (connection) => connection.totalCount,
  }),
);

export const EntityConnection = builder.connectionObject({
  type: EntityRef,
  name: "EntityConnection",
  description: "A page of entities of any kind.",
});
export const RelationConnection = builder.connectionObject({
  type: RelationRef,
  name: "RelationConnection",
  description: "A page of relations.",
});
export const ActorConnection = builder.connectionObject({
  type: ActorRef,
  name: "ActorConnection",
  description: "A page of actors (persons, organizations, countries, groups).",
});
export const PersonConnection = builder.connectionObject({
  type: PersonRef,
  name: "PersonConnection",
  description: "A page of persons.",
});
export const PostConnection = builder.connectionObject({
  type: PostRef,
  name: "PostConnection",
  description: "A page of posts.",
});
export const DocumentConnection = builder.connectionObject({
  type: DocumentRef,
  name: "DocumentConnection",
  description: "A page of documents.",
});
export const EventConnection = builder.connectionObject({
  type: EventRef,
  name: "EventConnection",
  description: "A page of events.",
});
export const InitiativeConnection = builder.connectionObject({
  type: InitiativeRef,
  name: "InitiativeConnection",
  description: "A page of initiatives.",
});
export const CommitmentConnection = builder.connectionObject({
  type: CommitmentRef,
  name: "CommitmentConnection",
  description: "A page of commitments.",
});
export const PlaceConnection = builder.connectionObject({
  type: PlaceRef,
  name: "PlaceConnection",
  description: "A page of places.",
});
export const TopicConnection = builder.connectionObject({
  type: TopicRef,
  name: "TopicConnection",
  description: "A page of topics.",
});
