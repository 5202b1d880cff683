/**
 * Start-up and shutdown of the real process, run as `npm start` runs it: the compiled server (dist/, built by
 * `npm install` or by the launcher when missing or stale). Probes answer while a large seed loads, a bad seed is
 * refused with every problem, a port already in use is one line and exit 1, and `npm start` (what
 * `CMD ["npm", "start"]` runs) drains and exits 0 on SIGTERM or SIGINT. Every spawned process is killed after its
 * test, even a failing one.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { type GeneratedSeed, generateSeed } from "../bench/generate-seed.ts";
import { freePort } from "./support/ports.ts";
import { writeSeed } from "./support/seed-fixture.ts";

/** What `npm start` runs (after `exec`): the launcher, which builds dist/ if needed and runs dist/main.js. */
const COMPILED_SERVER = ["scripts/start.mjs"];

/**
 * Relations in the generated seed: it loads in about 2 s on an idle 2-core box (bench/scale.ts: ~0.9 s per 10^5),
 * more beside the rest of the suite; long enough for a blocked event loop to show.
 */
const SEED_RELATIONS = 200_000;

/**
 * Kill a spawned process and everything it started (it leads its own process group): tests end with nothing of
 * theirs running, even when they fail, and even when what they test is that a signal reaches a grandchild.
 */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone, as it should be
  }
}

/** Spawn a command from the repository root with extra environment; killed when the test finishes. */
function start(
  test: TestContext,
  command: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  test.onTestFinished(() => killGroup(child.pid));
  return child;
}

/** Everything a child prints on a stream, and a way to wait for a pattern in it. */
function collect(stream: NodeJS.ReadableStream | null): {
  text(): string;
  waitFor(pattern: RegExp): Promise<string>;
} {
  let text = "";
  const waiters: Array<() => void> = [];
  stream?.on("data", (chunk) => {
    text += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    text: () => text,
    async waitFor(pattern) {
      for (;;) {
        const found = pattern.exec(text);
        if (found) return found[0];
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          stream?.once("end", resolve);
        });
        if (!stream || (stream as NodeJS.ReadableStream & { readableEnded?: boolean }).readableEnded) {
          const last = pattern.exec(text);
          if (last) return last[0];
          throw new Error(`stream ended without ${pattern}: ${text}`);
        }
      }
    },
  };
}

/** How a child exited. */
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** GET a URL; its status and how long the answer took, or null when nothing listens yet. */
async function probe(url: string): Promise<{ status: number; ms: number } | null> {
  const started = performance.now();
  try {
    const response = await fetch(url);
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return null;
  }
}

describe("probes while a large seed loads", () => {
  let seedDir: string;
  let seed: GeneratedSeed;
  beforeAll(() => {
    seedDir = mkdtempSync(join(tmpdir(), "startup-seed-"));
    seed = generateSeed(seedDir, SEED_RELATIONS);
  });
  afterAll(() => rmSync(seedDir, { recursive: true, force: true }));

  it("answers /health 200 and /ready 503 at once throughout loading, then turns ready", async (test) => {
    const port = await freePort();
    const child = start(test, process.execPath, COMPILED_SERVER, {
      SEED_DIR: seedDir,
      HOST: "127.0.0.1",
      PORT: String(port),
    });
    const stdout = collect(child.stdout);
    const url = `http://127.0.0.1:${port}`;
    const whileLoading: Array<{ health: number; ready: number; ms: number }> = [];
    let notReadyAnswer: unknown;
    const deadline = performance.now() + 60_000;
    for (;;) {
      expect(performance.now(), "ready within a minute").toBeLessThan(deadline);
      const health = await probe(`${url}/health`);
      const ready = await probe(`${url}/ready`);
      if (health && ready) {
        if (ready.status === 200) break;
        whileLoading.push({ health: health.status, ready: ready.status, ms: Math.max(health.ms, ready.ms) });
        if (notReadyAnswer === undefined) {
          const graphql = await fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ __typename }" }),
          });
          notReadyAnswer = { status: graphql.status, body: await graphql.json() };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Loading was long enough to probe many times, and every probe was answered, and answered quickly: a
    // blocked event loop would have held the first one for the whole load. (The bound is generous for a noisy
    // shared machine; on an idle one the slowest probe takes tens of milliseconds.)
    expect(whileLoading.length).toBeGreaterThanOrEqual(20);
    expect(new Set(whileLoading.map((p) => `${p.health} ${p.ready}`))).toEqual(new Set(["200 503"]));
    expect(Math.max(...whileLoading.map((p) => p.ms))).toBeLessThan(1_000);
    expect(notReadyAnswer).toMatchObject({
      status: 503,
      body: { errors: [{ extensions: { code: "NOT_READY" } }] },
    });

    const serving = await stdout.waitFor(/serving .*\n/);
    expect(serving).toContain(`serving ${seed.entities} entities and ${seed.relations} relations`);
    const answer = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ entity(slug: "topic-0") { slug } }' }),
    });
    expect(await answer.json()).toEqual({ data: { entity: { slug: "topic-0" } } });
  });
});

// Each of these waits mostly on a process starting: they run side by side.
describe.concurrent("start-up errors and shutdown", () => {
  it("a port in use is one line naming host:port and PORT, exit 1, no stack trace", async (test) => {
    const { expect } = test;
    const occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, "127.0.0.1", resolve));
    test.onTestFinished(() => new Promise<void>((resolve) => occupied.close(() => resolve())));
    const { port } = occupied.address() as { port: number };
    const child = start(test, process.execPath, COMPILED_SERVER, {
      HOST: "127.0.0.1",
      PORT: String(port),
    });
    const stderr = collect(child.stderr);
    expect(await exited(child)).toEqual({ code: 1, signal: null });
    const lines = stderr.text().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^refusing to start: cannot listen on 127\\.0\\.0\\.1:${port}: .*in use.*PORT`),
    );
    expect(stderr.text()).not.toMatch(/^\s+at /m);
  });

  it("a bad seed is refused with every problem, file:line and fix, exit 1, nothing served", async (test) => {
    const { expect } = test;
    const seedDir = writeSeed({
      "a.yaml": "entities:\n  - id: x\n    kind: WIZARD\n",
      "b.yaml": "entities:\n  - id: y\n    kind: DRAGON\n",
    });
    const child = start(test, process.execPath, COMPILED_SERVER, {
      SEED_DIR: seedDir,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
    });
    const stderr = collect(child.stderr);
    expect(await exited(child)).toEqual({ code: 1, signal: null });
    expect(stderr.text()).toMatch(/^refusing to start: the seed has \d+ problem\(s\):/);
    expect(stderr.text()).toMatch(/a\.yaml:3: unknown entity kind "WIZARD"/);
    expect(stderr.text()).toMatch(/b\.yaml:3: unknown entity kind "DRAGON"/);
    expect(stderr.text()).not.toMatch(/^\s+at /m);
  });

  it.for(["SIGTERM", "SIGINT"] as const)(
    "drains an in-flight request and exits 0 on %s sent to npm itself",
    async (signal, test) => {
      const { expect } = test;
      const port = await freePort();
      const npm = start(test, "npm", ["start"], { HOST: "127.0.0.1", PORT: String(port) });
      const stdout = collect(npm.stdout);
      await stdout.waitFor(/serving .*GraphiQL at .*\n/);
      // The server is npm's own child, running compiled JavaScript: no shell or tsx process in between to swallow
      // the signal.
      const serverPids = execFileSync("ps", ["-o", "pid=", "--ppid", String(npm.pid)], { encoding: "utf8" })
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(serverPids).toHaveLength(1);
      const serverPid = serverPids[0] as number;
      expect(execFileSync("ps", ["-o", "args=", "-p", String(serverPid)], { encoding: "utf8" })).toMatch(
        /^node (--\S+ )*scripts\/start\.mjs/,
      );

      // A request whose body is still arriving when the signal comes: it must be answered, not cut.
      const body = JSON.stringify({ query: '{ entity(slug: "china") { name } }' });
      const inFlight = request({
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      const answered = new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
        inFlight.on("response", (response) => {
          let text = "";
          response.on("data", (chunk) => {
            text += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode, body: text }));
        });
        inFlight.on("error", reject);
      });
      inFlight.write(body.slice(0, 10));
      await new Promise((resolve) => setTimeout(resolve, 500));

      const exit = exited(npm);
      npm.kill(signal);
      await stdout.waitFor(new RegExp(`${signal} received: draining`));
      inFlight.end(body.slice(10));
      expect(await answered).toEqual({
        status: 200,
        body: JSON.stringify({ data: { entity: { name: "China" } } }),
      });
      expect(await exit).toEqual({ code: 0, signal: null });

      expect(() => process.kill(serverPid, 0)).toThrow(/ESRCH/);
      expect(await probe(`http://127.0.0.1:${port}/health`)).toBeNull();
    },
  );
});
