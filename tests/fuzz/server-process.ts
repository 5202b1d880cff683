/**
 * One fuzz target server in its own process: `startServer` over the real seed, with the jit on or off (argv[2]),
 * no response cache, its URL printed as the first stdout line and its log lines on stderr. Its own process so
 * that a request that blocks its event loop delays neither the other server nor the fuzz client's clock.
 */
import { startServer } from "../../src/http/server.ts";
import { store } from "../support/api.ts";

const jit = process.argv[2] === "jit";
const server = await startServer(store, "127.0.0.1", 0, {
  jit,
  responseCache: false,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

/** Drain and exit when the parent says so (SIGTERM) or goes away (stdin closes). */
const stop = () => {
  server.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
