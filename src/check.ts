/** `npm run check [seed-dir]`: validate a seed and print a summary, or every problem and exit 1. */

import { formatProblem, SeedValidationError } from "./graph/problems.ts";
import { DEFAULT_SEED_DIR, openGraph } from "./store/memory/index.ts";

const seedDir = process.argv[2] ?? DEFAULT_SEED_DIR;
try {
  const stats = openGraph(seedDir).stats();
  const table = (counts: Record<string, number | undefined>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => `  ${name.padEnd(16)} ${count}`)
      .join("\n");
  console.log(
    `seed OK: ${stats.sources} source(s), ${stats.entities} entities, ${stats.relations} relations`,
  );
  console.log(`entities by kind:\n${table(stats.entitiesByKind)}`);
  console.log(`relations by type:\n${table(stats.relationsByType)}`);
} catch (error) {
  if (!(error instanceof SeedValidationError)) throw error;
  console.error(`seed has ${error.problems.length} problem(s); nothing was loaded:\n`);
  for (const problem of error.problems) console.error(formatProblem(problem));
  process.exitCode = 1;
}
