/**
 * `npm run bench:attacks [projectDir]`: replays each class of the outside attack run (issue 9) against a freshly
 * spawned `src/main.ts` of `projectDir` (this checkout by default; point it at a worktree of an older commit to
 * get "before" figures) and prints status, time, the slowest /health answer during the request, and the server's
 * RSS afterwards. Never part of `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const projectDir = resolve(process.argv[2] ?? ".");

/** One measured attack. */
interface Row {
  attack: string;
  status: string;
  ms: number;
  slowestHealthMs: number;
  rssMb: number;
  note: string;
}

/** Spawn the server of `projectDir` on a free port and resolve once it serves. */
async function spawnServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: projectDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.resume();
  const url = await new Promise<string>((done, fail) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphiQL at (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match?.[1]) done(match[1]);
    });
    child.on("exit", (code) => fail(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url };
}

/** The resident set size of a process, in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

/** Run one request (or several) while polling /health; time out after `timeoutMs`. */
async function measure(
  attack: string,
  url: string,
  pid: number,
  run: (signal: AbortSignal) => Promise<{ status: string; note: string }>,
  timeoutMs = 10_000,
): Promise<Row> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  let finished = false;
  let slowestHealthMs = 0;
  const watch = (async () => {
    while (!finished) {
      const asked = performance.now();
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
      } catch {
        slowestHealthMs = Math.max(slowestHealthMs, timeoutMs);
        return;
      }
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - asked);
      await new Promise((done) => setTimeout(done, 10));
    }
  })();
  let outcome: { status: string; note: string };
  try {
    outcome = await run(controller.signal);
  } catch (error) {
    outcome = {
      status: controller.signal.aborted ? "no answer (timeout)" : "error",
      note: String(error).slice(0, 80),
    };
  }
  const ms = Math.round(performance.now() - started);
  finished = true;
  clearTimeout(timer);
  await watch;
  return {
    attack,
    status: outcome.status,
    ms,
    slowestHealthMs: Math.round(slowestHealthMs),
    rssMb: rssMb(pid),
    note: outcome.note,
  };
}

/** POST a JSON body to /graphql and describe the answer. */
async function post(url: string, body: string, signal: AbortSignal, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body,
    signal,
  });
  const text = await response.text();
  const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? "";
  return { response, text, status: `${response.status} ${code}`.trim() };
}

/** How many unique documents the memory flood sends (FLOOD_DOCUMENTS, 11 000 by default as in the attack run). */
const FLOOD_DOCUMENTS = Number(process.env.FLOOD_DOCUMENTS ?? 11_000);

const doubling = Array.from({ length: 40 }, (_, i) =>
  i === 39
    ? `fragment F${i} on Query { entity(slug: "china") { name } }`
    : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
).join(" ");
const chinaId = Buffer.from("Country:china").toString("base64");

const attacks: [string, (url: string, signal: AbortSignal) => Promise<{ status: string; note: string }>][] = [
  [
    "1 fragment doubling chain (40)",
    async (url, signal) => ({
      ...(await post(url, JSON.stringify({ query: `{ ...F0 } ${doubling}` }), signal)),
      note: "",
    }),
  ],
  [
    "2 nodes(ids:) × 3,000 ids, evidence-heavy",
    async (url, signal) => {
      const ids = Array.from({ length: 3_000 }, () => chinaId);
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { relations(first: 100) { nodes { evidence { quote sentence } } } } } }`;
      const answer = await post(url, JSON.stringify({ query, variables: { ids } }), signal);
      return { status: answer.status, note: `${(answer.text.length / 1e6).toFixed(1)} MB answer` };
    },
  ],
  [
    "3 jit: operationName B after A",
    async (url, signal) => {
      const query = `query A { entity(slug: "china") { slug } } query B { entity(slug: "who") { slug } }`;
      await post(url, JSON.stringify({ query, operationName: "A" }), signal);
      const b = await post(url, JSON.stringify({ query, operationName: "B" }), signal);
      return {
        status: b.status,
        note: b.text.includes('"who"') ? "B answered" : `wrong: ${b.text.slice(0, 60)}`,
      };
    },
  ],
  [
    "4 cache replays CORS of origin a to b",
    async (url, signal) => {
      const body = JSON.stringify({ query: `{ entity(slug: "china") { name } }` });
      await post(url, body, signal, { origin: "https://a.example" });
      const b = await post(url, body, signal, { origin: "https://b.example" });
      const allowed = b.response.headers.get("access-control-allow-origin");
      const credentials = b.response.headers.get("access-control-allow-credentials");
      return { status: b.status, note: `b sees allow-origin ${allowed}, credentials ${credentials}` };
    },
  ],
  [
    "5 wrong variable type",
    async (url, signal) => {
      const answer = await post(
        url,
        JSON.stringify({ query: "query($s: String!) { entity(slug: $s) { name } }", variables: { s: 5 } }),
        signal,
      );
      return { status: answer.status, note: "" };
    },
  ],
  [
    "6 malformed JSON, 50 KB",
    async (url, signal) => {
      const answer = await post(url, `{"query": "{ __typename }" ${"x".repeat(50_000)}`, signal);
      return { status: answer.status, note: `${answer.text.length} B body` };
    },
  ],
  [
    "6 unknown path",
    async (url, signal) => {
      const response = await fetch(`${url}/nope`, { signal });
      return { status: String(response.status), note: `${(await response.text()).length} B body` };
    },
  ],
  [
    `10 flood: ${FLOOD_DOCUMENTS} unique 100 KB documents`,
    async (url, signal) => {
      let last = "";
      const padding = "#".repeat(100 * 1024 - 200);
      for (let batch = 0; batch < FLOOD_DOCUMENTS / 8; batch++) {
        await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const query = `# ${batch}-${i}\n${padding.slice(0, padding.length - 40)}\n{ entity(slug: "china") { name } }`;
            last = (await post(url, JSON.stringify({ query }), signal)).status;
          }),
        );
      }
      return { status: last, note: "" };
    },
  ],
];

/** ATTACKS=1,10 runs only the attacks whose label starts with one of these numbers. */
const only = process.env.ATTACKS?.split(",").map((prefix) => `${prefix.trim()} `);
const rows: Row[] = [];
for (const [attack, run] of attacks) {
  if (only && !only.some((prefix) => attack.startsWith(prefix))) continue;
  const { child, url } = await spawnServer();
  const pid = child.pid ?? 0;
  rows.push(
    await measure(
      attack,
      url,
      pid,
      (signal) => run(url, signal),
      attack.startsWith("10 ") ? 600_000 : 10_000,
    ),
  );
  child.kill("SIGKILL");
  await new Promise((done) => child.once("exit", done));
}
console.log(`project: ${projectDir}`);
console.log("| attack | status | time (ms) | slowest /health (ms) | RSS after (MB) | note |");
console.log("| --- | --- | ---: | ---: | ---: | --- |");
for (const row of rows) {
  console.log(
    `| ${row.attack} | ${row.status} | ${row.ms} | ${row.slowestHealthMs} | ${row.rssMb} | ${row.note} |`,
  );
}
