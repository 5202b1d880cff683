/** Free TCP ports on 127.0.0.1, for tests and benches that spawn a server process which must be told its port. */
import { createServer } from "node:net";

/** A port nothing listens on right now (another process could take it before the caller binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
