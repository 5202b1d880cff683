/** Full-text search: ranked hits with scores and marked snippets. */
import { createGraphQLError } from "graphql-yoga";
import { DEFAULT_SEARCH_QUERY_MAX_LENGTH, searchQueryMaxLength } from "../config.ts";
import { userError } from "../errors.ts";
import type { SearchHit } from "../graph/store.ts";
import { builder } from "./builder.ts";
import { EntityKindEnum } from "./enums.ts";
import { paginate } from "./pagination.ts";
import { EntityRef } from "./refs.ts";

const SearchHitRef = builder.objectRef<SearchHit>("SearchHit").implement({
  description: "One search result: the entity, how well it matched, and where.",
  fields: (t) => ({
    entity: t.field({
      type: EntityRef,
      description: "The matching entity.",
      resolve: (hit, _args, context) => context.loaders.entities.load(hit.entityId),
    }),
    score: t.exposeFloat("score", { description: "Relevance (BM25+, boosted by field); higher is better." }),
    snippet: t.exposeString("snippet", {
      description:
        "A short plain-text excerpt of the best-matching field with matched words in <mark>…</mark>.",
    }),
    field: t.exposeString("field", {
      description: "Which field the snippet comes from: name, aliases, statement, description or sentences.",
    }),
    matchedTerms: t.exposeStringList("matchedTerms", {
      description: 'Indexed words that matched, after prefix and typo expansion ("chongq" → chongqing).',
    }),
  }),
});

const SearchConnection = builder.connectionObject({
  type: SearchHitRef,
  name: "SearchConnection",
  description: "A page of search results, best first.",
});

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchHitRef,
      description:
        "Ranked full-text search over names, aliases, descriptions, commitment statements and the source sentences evidence cites; prefix and small typos tolerated. Right after start-up, while the index is still being built, it answers the error code SEARCH_NOT_READY (retry shortly); every other field answers meanwhile.",
      args: {
        query: t.arg.string({
          required: true,
          description: `Words to look for (at most ${DEFAULT_SEARCH_QUERY_MAX_LENGTH} characters by default).`,
        }),
        kinds: t.arg({
          type: [EntityKindEnum],
          required: false,
          description: "Only entities of these kinds.",
        }),
      },
      resolve: async (_root, args, context) => {
        if (args.query.length > searchQueryMaxLength) {
          throw userError(
            "BAD_USER_INPUT",
            `\`query\` is ${args.query.length} characters long; the limit is ${searchQueryMaxLength}`,
            { argument: "query", limit: searchQueryMaxLength },
          );
        }
        let hits: Awaited<ReturnType<typeof context.store.search>>;
        try {
          hits = await context.store.search(args.query, args.kinds ?? []);
        } catch (error) {
          // A large graph is served before its full-text index is built: say so, with a code to retry on.
          if ((error as { code?: unknown }).code === "SEARCH_NOT_READY") {
            throw createGraphQLError((error as Error).message, { extensions: { code: "SEARCH_NOT_READY" } });
          }
          throw error;
        }
        return paginate(args, hits);
      },
    },
    SearchConnection,
  ),
}));
