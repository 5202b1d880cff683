/** The timeline: dated events, commitments and documents in date order. */

import { userError } from "../errors.ts";
import { firstDay, lastDay, type TimelineItem, timeline } from "../graph/query.ts";
import { builder } from "./builder.ts";
import { EntityKindEnum } from "./enums.ts";
import { TimeSpanRef } from "./evidence.ts";
import { paginate } from "./pagination.ts";
import { EntityRef } from "./refs.ts";
import { DateScalar } from "./scalars.ts";

const TimelineItemRef = builder.objectRef<TimelineItem>("TimelineItem").implement({
  description: "A dated item: an event by its date, a commitment by its timeframe, a document by its date.",
  fields: (t) => ({
    entity: t.field({ type: EntityRef, description: "The dated entity.", resolve: (item) => item.entity }),
    kind: t.field({ type: EntityKindEnum, description: "Its kind.", resolve: (item) => item.entity.kind }),
    date: t.field({
      type: TimeSpanRef,
      description: "Its date or span, with precision and raw phrase.",
      resolve: (item) => item.span,
    }),
  }),
});

const TimelineConnection = builder.connectionObject({
  type: TimelineItemRef,
  name: "TimelineConnection",
  description: "A page of the timeline.",
});

builder.queryFields((t) => ({
  timeline: t.connection(
    {
      type: TimelineItemRef,
      description:
        "Dated items (events, commitments by timeframe, documents) whose dates overlap [from, to], earliest first.",
      args: {
        from: t.arg({
          type: DateScalar,
          required: false,
          description: "Earliest date, inclusive (2021 = from 1 Jan 2021).",
        }),
        to: t.arg({
          type: DateScalar,
          required: false,
          description: "Latest date, inclusive (2021 = to 31 Dec 2021).",
        }),
        kinds: t.arg({
          type: [EntityKindEnum],
          required: false,
          description: "Only these kinds: EVENT, COMMITMENT, DOCUMENT (all three when omitted).",
        }),
      },
      resolve: async (_root, args, context) => {
        if (args.from && args.to && firstDay(args.from) > lastDay(args.to)) {
          throw userError("BAD_USER_INPUT", `\`from\` (${args.from}) is after \`to\` (${args.to})`);
        }
        return paginate(args, await timeline(context.store, args));
      },
    },
    TimelineConnection,
  ),
}));
