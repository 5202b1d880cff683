/** Child processes for the PostgreSQL store's tests: TypeScript entry points run from the repository root. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const spawned: ChildProcess[] = [];

/** Spawn a TypeScript entry point with extra environment (PORT=0 unless given); killed by killSpawned(). */
export function spawnEntry(entry: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ...env },
  });
  spawned.push(child);
  return child;
}

/** SIGKILL every entry point spawned so far that is still running (for afterEach). */
export function killSpawned(): void {
  for (const child of spawned.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
}

/** Run an entry point until it exits (killed after 60 s, far above need); its exit code and output. */
export function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnEntry(entry, args, env);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
