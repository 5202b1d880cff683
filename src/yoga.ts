/** The GraphQL HTTP handler: Yoga over the schema, a fresh context per request. No listening here. */
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { type Context, createContext } from "./context.ts";
import type { GraphStore } from "./graph/store.ts";
import { schema } from "./schema/index.ts";

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

/** Create the Yoga handler over a loaded store. */
export function createGraphQLHandler(store: GraphStore): YogaServerInstance<Record<string, never>, Context> {
  return createYoga<Record<string, never>, Context>({
    schema,
    context: () => createContext(store),
    graphqlEndpoint: "/graphql",
    healthCheckEndpoint: "/health",
    landingPage: false,
    graphiql: { title: "SCO knowledge graph", defaultQuery: DEFAULT_QUERY },
    // Unexpected errors are masked ("Unexpected error."); errors built with userError() carry a code and pass.
    maskedErrors: true,
    logging: process.env.LOG_LEVEL === "debug" ? "debug" : "warn",
  });
}
