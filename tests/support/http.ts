/** Test servers over the real seed and raw HTTP requests to them (any path, any header, bytes as sent). */
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterEach } from "vitest";
import { type RunningServer, type ServerOptions, startServer } from "../../src/http/server.ts";
import { store } from "./api.ts";

/** A raw HTTP answer. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body bytes as received (compressed, if the server compressed them). */
  raw: Buffer;
}

/** Servers started by `serve` in the current test, closed after it. */
export const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Start a server over the real seed, closed after the test. */
export async function serve(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await startServer(store, "127.0.0.1", 0, {
    log: () => {},
    drainIdleGraceMs: 50,
    ...options,
  });
  running.push(server);
  return server;
}

/** Send one raw HTTP request (any path, any headers) and read the whole answer. */
export function send(
  server: RunningServer,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "POST",
        path: options.path ?? "/graphql",
        headers: options.headers ?? {},
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            raw: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** POST a GraphQL request as JSON, asking for the GraphQL-over-HTTP media type. */
export function post(
  server: RunningServer,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return send(server, {
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...headers,
    },
    body: JSON.stringify(payload),
  });
}

/** The codes of an answer's errors. */
export function codes(answer: Answer): unknown[] {
  return ((JSON.parse(answer.body) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []).map(
    (error) => error.extensions?.code,
  );
}
