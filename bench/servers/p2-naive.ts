/** P2: this project with per-item loading (no batching, no per-request cache) and no response cache. */
import { DEFAULT_LIMITS } from "../../src/config.ts";
import { startServer } from "../../src/http/server.ts";
import { openGraph } from "../../src/store/memory/index.ts";
import { announce, host, port } from "./common.ts";

// Compared with P1u (cache off too), this isolates what batching buys.
const running = await startServer(openGraph(), host, port, {
  limits: DEFAULT_LIMITS,
  loaders: "naive",
  responseCache: false,
});
announce(`${running.url}/graphql`);
