/**
 * `npm run db:migrate` and `npm run db:load [seedDir]` against DATABASE_URL (schema DATABASE_SCHEMA, default
 * public). Every failure is one line naming the fix; a seed with problems is reported as the checker does.
 */
import { databaseSettings } from "../../config.ts";
import { formatProblem, SeedValidationError } from "../../graph/problems.ts";
import { DEFAULT_SEED_DIR } from "../memory/index.ts";
import { DatabaseNotReadyError, loadSeedIntoDatabase } from "./db-load.ts";
import { MigrationVersionError, migrate } from "./migrate.ts";
import { nodePostgresClient } from "./node-postgres-client.ts";
import { connectionProblem } from "./open.ts";

const [command, seedDirArgument] = process.argv.slice(2);
const settings = databaseSettings();
if (!settings.url) {
  console.error(
    "DATABASE_URL is not set; set it to the PostgreSQL database to use, e.g. postgres://user@host:5432/db",
  );
  process.exit(1);
}
const client = nodePostgresClient(settings.url, { schema: settings.schema, maxConnections: 2 });
try {
  if (command === "migrate") {
    const applied = await migrate(client, settings.schema);
    console.log(applied.length > 0 ? `applied migration(s) ${applied.join(", ")}` : "already up to date");
  } else if (command === "load") {
    const report = await loadSeedIntoDatabase(client, seedDirArgument ?? DEFAULT_SEED_DIR);
    console.log(
      report.status === "unchanged"
        ? `unchanged (digest ${report.digest.slice(0, 12)}): nothing written`
        : `loaded ${report.entities} entities and ${report.relations} relations in ${Math.round(report.writeMs)} ms (validation ${Math.round(report.validateMs)} ms), digest ${report.digest.slice(0, 12)}`,
    );
  } else {
    console.error(`unknown command "${command ?? ""}"; use migrate or load [seedDir]`);
    process.exitCode = 1;
  }
} catch (error) {
  if (error instanceof SeedValidationError) {
    console.error(`nothing loaded: the seed has ${error.problems.length} problem(s):\n`);
    for (const problem of error.problems) console.error(formatProblem(problem));
  } else if (error instanceof DatabaseNotReadyError || error instanceof MigrationVersionError) {
    console.error(error.message);
  } else {
    const problem = connectionProblem(error, settings.url);
    if (!problem) throw error;
    console.error(problem.message);
  }
  process.exitCode = 1;
} finally {
  await client.close();
}
