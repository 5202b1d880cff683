/** The Topic type: what sources, initiatives and commitments are about. */
import { builder } from "./builder.ts";
import {
  CommitmentConnection,
  DocumentConnection,
  EntityConnection,
  TopicConnection,
} from "./connections.ts";
import { paginateKeys } from "./pagination.ts";
import { CommitmentRef, DocumentRef, EntityRef, isKind, loadEntitiesOfKind, TopicRef } from "./refs.ts";
import { relatedEntities, relatedOfKind } from "./related.ts";

TopicRef.implement({
  description: "A subject, such as COVID-19 or the digital economy.",
  interfaces: [EntityRef],
  isTypeOf: isKind("TOPIC"),
  fields: (t) => ({
    concernedBy: t.connection(
      {
        type: EntityRef,
        description: "Everything that concerns this topic.",
        resolve: relatedEntities(["CONCERNS"], "INCOMING"),
      },
      EntityConnection,
    ),
    commitments: t.connection(
      {
        type: CommitmentRef,
        description: "Commitments on this topic.",
        resolve: relatedOfKind(["CONCERNS"], "INCOMING", "COMMITMENT"),
      },
      CommitmentConnection,
    ),
    documents: t.connection(
      {
        type: DocumentRef,
        description: "Documents on this topic.",
        resolve: relatedOfKind(["CONCERNS"], "INCOMING", "DOCUMENT"),
      },
      DocumentConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  topics: t.connection(
    {
      type: TopicRef,
      description: "All topics, in seed order.",
      resolve: async (_root, args, context) =>
        paginateKeys(args, await context.store.listEntityIds(["TOPIC"]), (page) =>
          loadEntitiesOfKind(context, page, "TOPIC"),
        ),
    },
    TopicConnection,
  ),
}));
