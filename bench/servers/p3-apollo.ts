/** P3: Apollo Server 5 (standalone, node:http) serving the same Pothos schema over the same store. */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { type Context, createContext } from "../../src/context.ts";
import { schema } from "../../src/schema/index.ts";
import { openGraph } from "../../src/store/memory/index.ts";
import { announce, host, port } from "./common.ts";

const store = openGraph();
const apollo = new ApolloServer<Context>({ schema });
const { url } = await startStandaloneServer(apollo, {
  listen: { port, host },
  context: async () => createContext(store),
});
announce(url);
