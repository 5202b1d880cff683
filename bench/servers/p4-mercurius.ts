/**
 * P4: Mercurius on Fastify with graphql-jit, serving the same Pothos schema over the same store, with the limits
 * Mercurius can take as they are: the body limit, depth, aliases and directives (GraphQL Armor's validation rules).
 * It lacks the node budget, the token limit, the field-merge bound, the execution timeout, the response cache,
 * compression, persisted queries and the CORS/security headers (bench/peers.ts says so in its report).
 */
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import Fastify from "fastify";
import mercurius from "mercurius";
import { DEFAULT_LIMITS } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { schema } from "../../src/schema/index.ts";
import { openGraph } from "../../src/store/memory/index.ts";
import { announce, host, port } from "./common.ts";

const store = openGraph();
const app = Fastify({ logger: false, bodyLimit: DEFAULT_LIMITS.maxBodyBytes });
await app.register(mercurius, {
  schema,
  jit: 1,
  context: () => createContext(store, DEFAULT_LIMITS.timeoutMs),
  validationRules: [
    maxDepthRule({ n: DEFAULT_LIMITS.maxDepth, flattenFragments: true }),
    maxAliasesRule({ n: DEFAULT_LIMITS.maxAliases }),
    maxDirectivesRule({ n: DEFAULT_LIMITS.maxDirectives }),
  ],
});
const address = await app.listen({ port, host });
announce(`${address}/graphql`);
