/**
 * The long fuzz campaign (`npm run fuzz`): many more generated requests than `npm test` sends, a seed from the
 * clock (printed first, so any failure replays), and a summary of statuses, error codes, latency and the
 * objects/cost ratio. FUZZ_SEED and FUZZ_RUNS override the seed and the number of cases; exits 1 on a violation.
 */
import { readFileSync } from "node:fs";
import { formatSummary, formatViolation } from "../tests/fuzz/campaign.ts";
import { runCampaignOnSeed, startFuzzServers } from "../tests/fuzz/servers.ts";

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
const only = process.env.FUZZ_INDEX ? Number(process.env.FUZZ_INDEX) : undefined;
console.log(`fuzz: seed ${seed}, ${only === undefined ? `${runs} cases` : `case #${only} only`}`);

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const servers = await startFuzzServers();
const cpuAtStart = [process.pid, servers.jit.child.pid, servers.graphqlJs.child.pid].map(cpuSeconds);
try {
  const report = await runCampaignOnSeed(servers, {
    seed,
    runs,
    only,
    keepPerProperty: 3,
    concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 4),
    onCase: (done) => {
      if (done % 1000 === 0) process.stdout.write(`  ${done} cases\n`);
    },
  });
  for (const violation of report.violations) console.log(`\n${formatViolation(violation)}`);
  const masked = servers.logs.filter((line) => line.includes('"level":"error"'));
  for (const line of masked.slice(0, 3)) console.log(`\nserver error log: ${line.slice(0, 1500)}`);
  const [client, jit, graphqlJs] = [process.pid, servers.jit.child.pid, servers.graphqlJs.child.pid].map(
    (pid, i) => (cpuSeconds(pid) - (cpuAtStart[i] ?? 0)).toFixed(1),
  );
  console.log(
    `\n${formatSummary(report)}\n  server error log lines (masked unexpected errors): ${masked.length}`,
  );
  console.log(`  CPU seconds: client ${client}, jit server ${jit}, graphql-js server ${graphqlJs}`);
  process.exitCode = report.violations.length > 0 ? 1 : 0;
} finally {
  await servers.close();
}
