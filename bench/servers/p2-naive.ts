/** P2: this project with per-item loading (no batching, no per-request cache), otherwise as shipped. */
import { DEFAULT_LIMITS } from "../../src/config.ts";
import { openGraph } from "../../src/graph/index.ts";
import { startServer } from "../../src/server.ts";
import { announce, host, port } from "./common.ts";

const running = await startServer(openGraph(), host, port, { limits: DEFAULT_LIMITS, loaders: "naive" });
announce(`${running.url}/graphql`);
