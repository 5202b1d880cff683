/** The GraphQL HTTP handler: Yoga over the schema with the request limits; no listening here. */

import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesPlugin } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { DocumentNode, GraphQLError } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { DEFAULT_LIMITS, type RequestLimits } from "../config.ts";
import { type Context, createContext, createLoaders, type LoaderMode } from "../context.ts";
import type { GraphStore } from "../graph/store.ts";
import { schema } from "../schema/index.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { tagError, useErrorCodes } from "./plugins/error-codes.ts";
import { type LogLine, useErrorLog } from "./plugins/error-log.ts";
import { useStableErrorOrder } from "./plugins/error-order.ts";
import { useFieldMergeLimit } from "./plugins/field-merge-limit.ts";
import { useJit } from "./plugins/jit.ts";
import { usePrecomputedResult } from "./plugins/precomputed-result.ts";
import { useQueryCostLimit } from "./plugins/query-cost.ts";
import { useExecutionTimeout } from "./plugins/timeout.ts";

/** The query GraphiQL opens with: leader → proposes → initiative → contains → pledge, with evidence. */
export const DEFAULT_QUERY = `# Xi Jinping's initiatives, the commitments each contains, and the sentences they come from.
query LeaderInitiatives {
  entity(slug: "xi-jinping") {
    name
    ... on Person {
      posts { nodes { name } }
      proposed {
        totalCount
        nodes {
          name
          commitments(first: 10) {
            totalCount
            nodes {
              commitmentKind
              statement
              committedBy { nodes { name } }
              timeframe { start end raw }
              evidence { quote section sentence }
            }
          }
        }
      }
    }
  }
}
`;

/**
 * GraphiQL's saved examples, one tab each after the default query: search, a path with its evidence, the
 * commitment facets, and a quote in its source (tests/explorer.test.ts runs each; the browser test opens the tabs).
 */
export const GRAPHIQL_EXAMPLES: readonly { name: string; query: string; variables?: string }[] = [
  {
    name: "SearchChongqing",
    query: `# Full-text search: each hit's entity, kind, and the words that matched in <mark>.
query SearchChongqing($words: String!) {
  search(query: $words, first: 5) {
    totalCount
    nodes { field snippet entity { slug name kind } }
  }
}
`,
    variables: JSON.stringify({ words: "Chongqing" }, null, 2),
  },
  {
    name: "PathToWho",
    query: `# How Xi Jinping connects to the WHO, without walking through the article (the hub) itself.
query PathToWho {
  entity(slug: "xi-jinping") {
    pathsTo(to: "who", excludeTypes: [MENTIONS, AUTHORED]) {
      length
      steps { direction entity { name kind } relation { label evidence { quote section } } }
    }
  }
}
`,
  },
  {
    name: "CommitmentFacets",
    query: `# Counts by kind, committer, initiative, topic and year; each count is the totalCount of that filter.
query CommitmentFacets {
  commitmentFacets(filter: { committer: "xi-jinping" }) {
    total
    byKind { kind count }
    byInitiative { count entity { slug name } }
    byYear { year count }
  }
  commitments(filter: { committer: "xi-jinping", kinds: [PROPOSAL] }, first: 5) {
    totalCount
    nodes { name statement }
  }
}
`,
  },
  {
    name: "QuoteInItsSource",
    query: `# A commitment by slug (a typed lookup), its quote's offsets, and the source text they index into.
query QuoteInItsSource {
  commitment(slug: "china-pledge-host-digital-economy-forum") {
    statement
    timeframe { start end raw }
    evidence { quote start end sentence sectionLabel section document { title authors { nodes { name } } } }
  }
}
`,
  },
];

/** GraphiQL's title bar: the project's name and a link to the explorer (its <title> keeps the plain name). */
const GRAPHIQL_TITLE = "SCO knowledge graph";
const GRAPHIQL_TITLE_HTML = `${GRAPHIQL_TITLE} · <a href="/explore" style="color:inherit">open the graph explorer</a>`;

/** Options of the handler; everything has a production default. */
export interface HandlerOptions {
  limits?: RequestLimits;
  /** Where structured log lines go (stderr by default). */
  log?: LogLine;
  /** Loader strategy; "naive" exists only to benchmark what batching buys. */
  loaders?: LoaderMode;
  /** Execute with graphql-jit where it answers as graphql-js would (plugins/jit.ts); on unless GRAPHQL_JIT=off. */
  jit?: boolean;
}

/** Whether the handler executes with graphql-jit: the option, else GRAPHQL_JIT (on unless "off"). */
export function jitEnabled(options: HandlerOptions): boolean {
  return options.jit ?? process.env.GRAPHQL_JIT !== "off";
}

/** An Armor `onReject` callback that gives the rejection its code, its limit and HTTP 400. */
function rejectAs(code: string, limit: number) {
  return [
    (_context: unknown, error: GraphQLError) => tagError(error, code, { limit, http: { status: 400 } }),
  ];
}

/** Bounds of the per-document caches (parsed documents, parse errors); validation and jit caches follow them. */
export const DOCUMENT_CACHE_LIMITS = { entries: 500, bytes: 16 * 1024 * 1024 } as const;

/** Create the Yoga handler over a loaded store. */
export function createGraphQLHandler(
  store: GraphStore,
  options: HandlerOptions = {},
): YogaServerInstance<Record<string, never>, Context> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaderMode = options.loaders ?? "batched";
  return createYoga<Record<string, never>, Context>({
    schema,
    context: () => createContext(store, limits.timeoutMs, loaderMode),
    graphqlEndpoint: "/graphql",
    healthCheckEndpoint: "/health",
    landingPage: false,
    // The default query opens first; the saved examples follow as tabs (used when the browser has no saved tabs).
    graphiql: {
      title: GRAPHIQL_TITLE_HTML,
      defaultQuery: DEFAULT_QUERY,
      defaultTabs: [
        { query: DEFAULT_QUERY },
        ...GRAPHIQL_EXAMPLES.map(({ query, variables }) => ({ query, variables: variables ?? null })),
      ],
    },
    // GraphiQL's editor, styles and workers come inline in the page itself: it works with no outside network. The
    // title bar renders the title as HTML (the explorer link); the page's <title> gets the plain name.
    // The renderer (9 MB, the editor inline) is loaded on the first page request, not at start-up (~180 ms).
    renderGraphiQL: async (options) =>
      (await import("@graphql-yoga/render-graphiql"))
        .renderGraphiQL(options)
        .replace(`<title>${GRAPHIQL_TITLE_HTML}</title>`, `<title>${GRAPHIQL_TITLE}</title>`),
    // Unexpected errors are masked ("Unexpected error."); errors built with userError() carry a code and pass.
    // Never development mode: a masked error must not carry the original error (or request bytes) to the client.
    maskedErrors: { isDev: false },
    // The HTTP layer (server.ts) answers CORS for every response, cached or not.
    cors: false,
    // Parsed documents and parse errors, bounded by count and by the bytes of their text; Yoga's validation cache
    // and the jit cache are keyed by these documents (weakly), so they are bounded with them.
    parserAndValidationCache: {
      documentCache: new BoundedCache<DocumentNode>(
        DOCUMENT_CACHE_LIMITS.entries,
        DOCUMENT_CACHE_LIMITS.bytes,
        (key) => key.length * 4,
      ),
      errorCache: new BoundedCache<unknown>(
        DOCUMENT_CACHE_LIMITS.entries,
        DOCUMENT_CACHE_LIMITS.bytes / 4,
        (key) => key.length,
      ),
    },
    batching: limits.maxBatch > 0 ? { limit: limits.maxBatch } : false,
    // The HTTP layer has already read the body within MAX_BODY_BYTES; Yoga's own size-checking stream only adds
    // per-request garbage. File uploads are not part of this API.
    maxRequestBodySize: false,
    multipart: false,
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args) => log(JSON.stringify({ level: "warn", msg: args.map(String).join(" ") })),
      // Unexpected errors: the one place their real message and stack are kept (clients see them masked).
      error: (...args) =>
        log(
          JSON.stringify({
            level: "error",
            msg: args.map((a) => (a instanceof Error ? a.stack : String(a))).join(" "),
          }),
        ),
    },
    plugins: [
      // The HTTP layer's direct path hands over results it already executed (errors only): Yoga answers them.
      usePrecomputedResult(),
      useFieldMergeLimit(),
      maxTokensPlugin({ n: limits.maxTokens, onReject: rejectAs("TOO_MANY_TOKENS", limits.maxTokens) }),
      maxDepthPlugin({
        n: limits.maxDepth,
        flattenFragments: true,
        onReject: rejectAs("QUERY_TOO_DEEP", limits.maxDepth),
      }),
      maxAliasesPlugin({ n: limits.maxAliases, onReject: rejectAs("TOO_MANY_ALIASES", limits.maxAliases) }),
      maxDirectivesPlugin({
        n: limits.maxDirectives,
        onReject: rejectAs("TOO_MANY_DIRECTIVES", limits.maxDirectives),
      }),
      useErrorCodes(),
      useQueryCostLimit(limits.maxCost, store.stats()),
      // Order matters: the timeout wraps whichever execute function the jit plugin installed.
      ...(jitEnabled(options)
        ? [
            // A new object, not a copy: Pothos keeps its per-request loaders on the context object itself.
            useJit<Context>((context) => ({
              store,
              loaders: createLoaders(store, context.deadline, loaderMode),
              deadline: context.deadline,
            })),
          ]
        : []),
      useExecutionTimeout(limits.timeoutMs),
      useStableErrorOrder(),
      useErrorLog(log),
    ],
  });
}
