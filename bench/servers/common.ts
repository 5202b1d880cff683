/** Shared start-up for benchmark peers: the port comes from argv, readiness is one line on stdout. */
export const port = Number(process.argv[2] ?? 0);
export const host = "127.0.0.1";

/** Tell the orchestrator where this peer listens. */
export function announce(url: string): void {
  process.stdout.write(`listening ${url}\n`);
}
