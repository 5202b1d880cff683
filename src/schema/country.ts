import { PostConnection } from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { ActorRef, CountryRef, EntityRef, isKind, PostRef } from "./refs.ts";
import { relatedOfKind } from "./related.ts";

CountryRef.implement({
  description: "A country, such as China.",
  interfaces: [EntityRef, ActorRef],
  isTypeOf: isKind("COUNTRY"),
  fields: (t) => ({
    posts: t.connection(
      {
        type: PostRef,
        description: "Posts (offices) of this country, such as its presidency.",
        resolve: relatedOfKind(["POST_IN"], "INCOMING", "POST"),
      },
      PostConnection,
    ),
  }),
});

addSlugLookup(CountryRef, ["COUNTRY"]);
