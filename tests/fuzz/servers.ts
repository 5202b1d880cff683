/**
 * The two servers every fuzz request goes to: graphql-jit and graphql-js, real HTTP on 127.0.0.1, each in a child
 * process (see server-process.ts) so they use both cores and a blocked event loop stays visible as latency.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { schema } from "../../src/schema/index.ts";
import { store } from "../support/api.ts";
import { type CampaignOptions, type CampaignReport, runCampaign } from "./campaign.ts";
import { loadFuzzCorpus } from "./corpus.ts";

/** A running child server. */
export interface ChildServer {
  url: string;
  child: ChildProcess;
}

/** Both servers, their log lines, and a way to stop them. */
export interface FuzzServers {
  jit: ChildServer;
  graphqlJs: ChildServer;
  /** Structured log lines of both servers (masked unexpected errors land here with their stack). */
  logs: string[];
  close(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL("./server-process.ts", import.meta.url));

/** Spawn one server process and wait for the URL it prints. */
function spawnServer(mode: "jit" | "graphql-js", logs: string[]): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER_SCRIPT, mode], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, RESPONSE_CACHE: "off" },
  });
  let pending = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) logs.push(`[${mode}] ${line}`);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: string) => {
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline === -1) return;
      child.stdout?.off("data", onData);
      try {
        resolve({ url: (JSON.parse(out.slice(0, newline)) as { url: string }).url, child });
      } catch (error) {
        reject(error);
      }
    };
    child.stdout?.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`${mode} server exited (${code}): ${logs.slice(-5).join("\n")}`)),
    );
    child.once("error", reject);
  });
}

/** Stop a child server (SIGTERM, then SIGKILL if it does not exit within 5 s). */
function stopServer(server: ChildServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Start a jit and a graphql-js server over the real seed, without the response cache (every request executes). */
export async function startFuzzServers(): Promise<FuzzServers> {
  const logs: string[] = [];
  const [jit, graphqlJs] = await Promise.all([spawnServer("jit", logs), spawnServer("graphql-js", logs)]);
  return {
    jit,
    graphqlJs,
    logs,
    close: async () => {
      await Promise.all([stopServer(jit), stopServer(graphqlJs)]);
    },
  };
}

/** Run a campaign against the two fuzz servers over the real seed: its schema, corpus and graph figures filled in. */
export async function runCampaignOnSeed(
  servers: FuzzServers,
  options: Omit<CampaignOptions, "jitUrl" | "graphqlJsUrl" | "env" | "costGraph">,
): Promise<CampaignReport> {
  return runCampaign({
    ...options,
    jitUrl: servers.jit.url,
    graphqlJsUrl: servers.graphqlJs.url,
    env: { schema, corpus: await loadFuzzCorpus(store) },
    costGraph: store.stats(),
  });
}
