/** The Place type: a city, region or other place. */
import { builder } from "./builder.ts";
import { EntityConnection, PlaceConnection } from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { EntityRef, isKind, PlaceRef } from "./refs.ts";
import { pageOfKind, relatedEntities } from "./related.ts";

PlaceRef.implement({
  description: "A city, region or other place, such as Chongqing.",
  interfaces: [EntityRef],
  isTypeOf: isKind("PLACE"),
  fields: (t) => ({
    locatedHere: t.connection(
      {
        type: EntityRef,
        description: "Events, commitments and other entities located in this place.",
        resolve: relatedEntities(["LOCATED_IN"], "INCOMING"),
      },
      EntityConnection,
    ),
    partOf: t.connection(
      {
        type: EntityRef,
        description: "Larger places this one is part of.",
        resolve: relatedEntities(["PART_OF", "LOCATED_IN"], "OUTGOING"),
      },
      EntityConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  places: t.connection(
    {
      type: PlaceRef,
      description: "All places, in seed order.",
      resolve: pageOfKind("PLACE"),
    },
    PlaceConnection,
  ),
}));

addSlugLookup(PlaceRef, ["PLACE"]);
