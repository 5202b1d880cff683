/** P1y: P1u (response cache off) without the direct path, every request through Yoga's fetch-API path: the before. */
import { limitsFromEnv } from "../../src/config.ts";
import { startServer } from "../../src/http/server.ts";
import { openGraph } from "../../src/store/memory/index.ts";
import { announce, host, port } from "./common.ts";

const running = await startServer(openGraph(), host, port, {
  limits: limitsFromEnv(),
  responseCache: false,
  directPath: false,
  log: () => {},
});
announce(`${running.url}/graphql`);
