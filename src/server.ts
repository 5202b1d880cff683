/** Listening: a node:http server around the Yoga handler, closed cleanly on request. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphStore } from "./graph/store.ts";
import { createGraphQLHandler } from "./yoga.ts";

/** A running server and how to stop it. */
export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Serve the graph on host:port (port 0 picks a free one); resolves once listening. */
export async function startServer(store: GraphStore, host: string, port: number): Promise<RunningServer> {
  const yoga = createGraphQLHandler(store);
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
