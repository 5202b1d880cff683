/** Commitment facets: counts by kind, committer, initiative, topic and year for one filter. */
import { CommitmentKind } from "../graph/model.ts";
import { type CommitmentFacets, commitmentFacets, type FacetBucket } from "../graph/query.ts";
import { builder } from "./builder.ts";
import { CommitmentFilterInput } from "./commitment.ts";
import { listSize, sizes } from "./cost.ts";
import { CommitmentKindEnum } from "./enums.ts";
import { EntityRef } from "./refs.ts";

const KindCount = builder
  .objectRef<FacetBucket<CommitmentFacets["byKind"][number]["value"]>>("CommitmentKindCount")
  .implement({
    description: "How many of the matching commitments are of one kind.",
    fields: (t) => ({
      kind: t.field({
        type: CommitmentKindEnum,
        description: "The commitment kind.",
        resolve: (b) => b.value,
      }),
      count: t.exposeInt("count", { description: "How many commitments." }),
    }),
  });

const EntityCount = builder.objectRef<FacetBucket<string>>("EntityCount").implement({
  description: "How many of the matching commitments are linked to one entity.",
  fields: (t) => ({
    entity: t.field({
      type: EntityRef,
      description: "The entity (committer, initiative or topic).",
      resolve: (b, _args, context) => context.loaders.entities.load(b.value),
    }),
    count: t.exposeInt("count", { description: "How many commitments." }),
  }),
});

const YearCount = builder.objectRef<FacetBucket<number>>("YearCount").implement({
  description: "How many of the matching commitments fall due in one year.",
  fields: (t) => ({
    year: t.exposeInt("value", { description: "The year." }),
    count: t.exposeInt("count", { description: "How many commitments whose timeframe covers this year." }),
  }),
});

const Facets = builder.objectRef<CommitmentFacets>("CommitmentFacets").implement({
  description:
    "Counts over exactly the commitments `commitments(filter)` lists: each bucket's count is the `totalCount` of the same filter narrowed to it.",
  fields: (t) => ({
    total: t.exposeInt("total", { description: "How many commitments match the filter." }),
    byKind: t.field({
      type: [KindCount],
      description: "Counts per commitment kind, largest first.",
      extensions: listSize(sizes.fixed(CommitmentKind.options.length)),
      resolve: (f) => f.byKind,
    }),
    byCommitter: t.field({
      type: [EntityCount],
      description: "Counts per committer, largest first (a commitment with two committers counts for both).",
      // Committers are whatever MAKES starts from: at most one bucket per entity.
      extensions: listSize(({ graph }) => graph.entities),
      resolve: (f) => f.byCommitter,
    }),
    byInitiative: t.field({
      type: [EntityCount],
      description: "Counts per initiative, largest first.",
      extensions: listSize(sizes.entitiesOf(["INITIATIVE"])),
      resolve: (f) => f.byInitiative,
    }),
    withoutInitiative: t.exposeInt("withoutInitiative", { description: "How many belong to no initiative." }),
    byTopic: t.field({
      type: [EntityCount],
      description: "Counts per topic, largest first.",
      extensions: listSize(sizes.entitiesOf(["TOPIC"])),
      resolve: (f) => f.byTopic,
    }),
    byYear: t.field({
      type: [YearCount],
      description: "Counts per year due, in year order (a span of years counts in each of its years).",
      extensions: listSize(sizes.largest("years")),
      resolve: (f) => f.byYear,
    }),
    undated: t.exposeInt("undated", { description: "How many have no timeframe." }),
  }),
});

builder.queryFields((t) => ({
  commitmentFacets: t.field({
    type: Facets,
    description:
      "Counts of the commitments matching a filter, by kind, committer, initiative, topic and year due.",
    args: {
      filter: t.arg({ type: CommitmentFilterInput, required: false, description: "Criteria to match." }),
    },
    resolve: (_root, args, context) => commitmentFacets(context.store, args.filter ?? {}),
  }),
}));
