/** P4: Mercurius on Fastify with graphql-jit, serving the same Pothos schema over the same store. */
import Fastify from "fastify";
import mercurius from "mercurius";
import { createContext } from "../../src/context.ts";
import { schema } from "../../src/schema/index.ts";
import { openGraph } from "../../src/store/memory/index.ts";
import { announce, host, port } from "./common.ts";

const store = openGraph();
const app = Fastify({ logger: false });
await app.register(mercurius, { schema, jit: 1, context: () => createContext(store) });
const address = await app.listen({ port, host });
announce(`${address}/graphql`);
