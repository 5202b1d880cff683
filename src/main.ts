/** `npm start`: listen (live, not yet ready), load and validate the seed, serve it; drain on SIGTERM/SIGINT. */
import { limitsFromEnv, serverAddress } from "./config.ts";
import { openGraph } from "./graph/index.ts";
import { formatProblem, SeedValidationError } from "./graph/load.ts";
import { startServer } from "./server.ts";

const { host, port } = serverAddress();
const running = await startServer(null, host, port, { limits: limitsFromEnv() });

try {
  const store = openGraph(process.env.SEED_DIR || undefined);
  running.serve(store);
  const stats = store.stats();
  console.log(
    `serving ${stats.entities} entities and ${stats.relations} relations from ${stats.sources} source(s); GraphiQL at ${running.url}/graphql`,
  );
} catch (error) {
  await running.close();
  if (!(error instanceof SeedValidationError)) throw error;
  console.error(`refusing to start: the seed has ${error.problems.length} problem(s):\n`);
  for (const problem of error.problems) console.error(formatProblem(problem));
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
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
  });
}
