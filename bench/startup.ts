/**
 * `npm run bench:startup`: time from spawn to the first 200 answer on /graphql over the real seed, for the compiled
 * server (`scripts/start.mjs`, what `npm start` runs, and `npm start` itself, npm's own start-up included) and for
 * the sources run through tsx (how `npm start` ran before). Spawns alternate between the commands; medians of
 * STARTUP_SPAWNS (default 7) each, with the load average beside them.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { freePort } from "../tests/support/ports.ts";

const SPAWNS = Number(process.env.STARTUP_SPAWNS ?? 7);
const RESULTS_DIR = new URL("./results/", import.meta.url);
const QUERY = JSON.stringify({ query: '{ entity(slug: "xi-jinping") { name } }' });
const EXPECTED = JSON.stringify({ data: { entity: { name: "Xi Jinping" } } });

interface StartCommand {
  id: string;
  title: string;
  command: string;
  args: string[];
}

const COMMANDS: StartCommand[] = [
  {
    id: "compiled",
    title: "node scripts/start.mjs (compiled dist/)",
    command: "node",
    args: ["scripts/start.mjs"],
  },
  { id: "npm-start", title: "npm start (npm + compiled dist/)", command: "npm", args: ["start", "--silent"] },
  {
    id: "tsx",
    title: "node --import tsx src/main.ts (before)",
    command: "node",
    args: ["--import", "tsx", "src/main.ts"],
  },
];

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) used so far by every live process of a process group, in milliseconds, from /proc. */
function groupCpuMs(groupId: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      if (Number(fields[2]) === groupId) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1000;
}

/** Spawn a start command and poll /graphql until it answers 200: wall and CPU milliseconds from spawn to it. */
async function timeToFirstAnswer(start: StartCommand): Promise<{ ms: number; cpuMs: number }> {
  const port = await freePort();
  const spawned = performance.now();
  const child = spawn(start.command, start.args, {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: "ignore",
    detached: true,
  });
  try {
    const deadline = spawned + 60_000;
    while (performance.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: QUERY,
        });
        const body = await response.text();
        if (response.status === 200) {
          if (body !== EXPECTED) throw new Error(`${start.id}: unexpected answer ${body}`);
          return { ms: performance.now() - spawned, cpuMs: child.pid ? groupCpuMs(child.pid) : Number.NaN };
        }
      } catch (error) {
        if (error instanceof Error && error.message.includes("unexpected answer")) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`${start.id}: no answer within 60 s`);
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  // A first compiled start builds dist/ if it is stale; that build is not start-up.
  await timeToFirstAnswer(COMMANDS[0] as StartCommand);
  const times = new Map<string, number[]>(COMMANDS.map((c) => [c.id, []]));
  const cpuTimes = new Map<string, number[]>(COMMANDS.map((c) => [c.id, []]));
  const loads: number[] = [];
  for (let round = 0; round < SPAWNS; round++) {
    for (const start of COMMANDS) {
      const { ms, cpuMs } = await timeToFirstAnswer(start);
      times.get(start.id)?.push(ms);
      cpuTimes.get(start.id)?.push(cpuMs);
      loads.push(loadavg()[0] ?? 0);
      process.stderr.write(
        `spawn ${round + 1} ${start.id}: ${Math.round(ms)} ms (CPU ${Math.round(cpuMs)} ms)\n`,
      );
    }
  }
  const rows = COMMANDS.map((start) => {
    const list = times.get(start.id) ?? [];
    return {
      id: start.id,
      command: start.title,
      medianMs: Math.round(median(list)),
      minMs: Math.round(Math.min(...list)),
      maxMs: Math.round(Math.max(...list)),
      medianCpuMs: Math.round(median(cpuTimes.get(start.id) ?? [])),
    };
  });
  const settings = `${SPAWNS} spawns per command, alternating; real seed; load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  const markdown = [
    `Start-up, spawn → first 200 on /graphql (${settings}):`,
    "",
    "| command | median ms | min ms | max ms | median CPU ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.command} | ${r.medianMs} | ${r.minMs} | ${r.maxMs} | ${r.medianCpuMs} |`),
  ].join("\n");
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(new URL("startup.json", RESULTS_DIR), JSON.stringify({ settings, rows }, null, 2));
  writeFileSync(new URL("startup.md", RESULTS_DIR), `${markdown}\n`);
  console.log(markdown);
}

await main();
