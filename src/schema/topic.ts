/** The Topic type: what sources, initiatives and commitments are about. */
import { builder } from "./builder.ts";
import {
  CommitmentConnection,
  DocumentConnection,
  EntityConnection,
  TopicConnection,
} from "./connections.ts";
import { addSlugLookup } from "./lookup.ts";
import { CommitmentRef, DocumentRef, EntityRef, isKind, TopicRef } from "./refs.ts";
import { pageOfKind, relatedEntities, relatedOfKind } from "./related.ts";

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
      resolve: pageOfKind("TOPIC"),
    },
    TopicConnection,
  ),
}));

addSlugLookup(TopicRef, ["TOPIC"]);
