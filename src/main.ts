/** `npm start`: listen (live, not yet ready), load and validate the seed, serve it; drain on SIGTERM/SIGINT. */
import { databaseSettings, limitsFromEnv, serverAddress } from "./config.ts";
import { formatProblem, SeedValidationError } from "./graph/problems.ts";
import { type RunningServer, startServer } from "./http/server.ts";
import { openGraphAsync } from "./store/memory/index.ts";
import { StoreStartupError } from "./store/postgres/errors.ts";

const { host, port } = serverAddress();
let storeSettings: ReturnType<typeof databaseSettings>;
try {
  storeSettings = databaseSettings();
} catch (error) {
  console.error(`refusing to start: ${(error as Error).message}`);
  process.exit(1);
}

/** Why listening failed, in words an operator can act on; errors of other kinds are bugs and keep their stack. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: "the address is already in use (another server is listening there)",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not one of this machine's",
};

let running: RunningServer;
try {
  // A database-backed graph can be replaced by a load from elsewhere, so answers are not cached in-process.
  running = await startServer(null, host, port, {
    limits: limitsFromEnv(),
    responseCache: storeSettings.store === "postgres" ? false : undefined,
  });
} catch (error) {
  const reason = LISTEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ""];
  if (!reason) throw error;
  console.error(
    `refusing to start: cannot listen on ${host}:${port}: ${reason}; set PORT (and HOST) to a free address`,
  );
  process.exit(1);
}

let stopping = false;
/** Stop accepting, let in-flight requests finish, exit 0; a second signal while draining is ignored. */
function drain(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: draining in-flight requests`);
  running.close().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
// Installed before loading, which now takes turns with the event loop: a stop request during a long load is
// honoured at once instead of after it.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, drain);

try {
  // Cooperative, so /health and /ready keep answering (503 until ready) while a large seed loads.
  const store =
    storeSettings.store === "postgres"
      ? await (await import("./store/postgres/serve.ts")).openServedDatabaseStore(storeSettings, (changed) =>
          running.serve(changed),
        )
      : await openGraphAsync(process.env.SEED_DIR || undefined);
  if (!stopping) {
    running.serve(store);
    const stats = store.stats();
    console.log(
      `serving ${stats.entities} entities and ${stats.relations} relations from ${stats.sources} source(s); GraphiQL at ${running.url}/graphql`,
    );
  }
} catch (error) {
  await running.close();
  if (error instanceof StoreStartupError) {
    console.error(`refusing to start: ${error.message}`);
    process.exit(1);
  }
  if (!(error instanceof SeedValidationError)) throw error;
  console.error(`refusing to start: the seed has ${error.problems.length} problem(s):\n`);
  for (const problem of error.problems) console.error(formatProblem(problem));
  process.exit(1);
}
