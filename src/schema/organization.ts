import { EntityConnection, PostConnection } from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { ActorRef, EntityRef, isKind, OrganizationRef, PostRef } from "./refs.ts";
import { relatedEntities, relatedOfKind } from "./related.ts";

OrganizationRef.implement({
  description: "An organization, body or department, such as the SCO or the World Health Organization.",
  interfaces: [EntityRef, ActorRef],
  isTypeOf: isKind("ORGANIZATION"),
  fields: (t) => ({
    posts: t.connection(
      {
        type: PostRef,
        description: "Posts (offices) in this organization.",
        resolve: relatedOfKind(["POST_IN"], "INCOMING", "POST"),
      },
      PostConnection,
    ),
    partOf: t.connection(
      {
        type: EntityRef,
        description: "Larger bodies this one is part of.",
        resolve: relatedEntities(["PART_OF"], "OUTGOING"),
      },
      EntityConnection,
    ),
    parts: t.connection(
      {
        type: EntityRef,
        description: "Bodies that are part of this one.",
        resolve: relatedEntities(["PART_OF"], "INCOMING"),
      },
      EntityConnection,
    ),
  }),
});

addSlugLookup(OrganizationRef, ["ORGANIZATION"]);
