import { PersonConnection } from "./connections.ts";
import { EntityRef, isKind, PersonRef, PostRef } from "./refs.ts";
import { firstRelated, relatedOfKind } from "./related.ts";

PostRef.implement({
  description: "An office a person holds, such as President of China (a Popolo Post).",
  interfaces: [EntityRef],
  isTypeOf: isKind("POST"),
  fields: (t) => ({
    holders: t.connection(
      {
        type: PersonRef,
        description: "Persons holding this post.",
        resolve: relatedOfKind(["HOLDS_POST"], "INCOMING", "PERSON"),
      },
      PersonConnection,
    ),
    organization: t.field({
      type: EntityRef,
      nullable: true,
      description: "The organization or country the post belongs to.",
      resolve: async (post, _args, context) => firstRelated(context, post.id, ["POST_IN"], "OUTGOING"),
    }),
  }),
});
