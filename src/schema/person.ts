import { DocumentConnection, PostConnection } from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { ActorRef, DocumentRef, EntityRef, isKind, PersonRef, PostRef } from "./refs.ts";
import { relatedOfKind } from "./related.ts";

PersonRef.implement({
  description: "A named person, such as Xi Jinping.",
  interfaces: [EntityRef, ActorRef],
  isTypeOf: isKind("PERSON"),
  fields: (t) => ({
    posts: t.connection(
      {
        type: PostRef,
        description: "Posts (offices) this person holds.",
        resolve: relatedOfKind(["HOLDS_POST"], "OUTGOING", "POST"),
      },
      PostConnection,
    ),
    delivered: t.connection(
      {
        type: DocumentRef,
        description: "Speeches and remarks this person delivers.",
        resolve: relatedOfKind(["DELIVERS"], "OUTGOING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
    authored: t.connection(
      {
        type: DocumentRef,
        description: "Documents this person writes.",
        resolve: relatedOfKind(["AUTHORED"], "OUTGOING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
  }),
});

addSlugLookup(PersonRef, ["PERSON"]);
