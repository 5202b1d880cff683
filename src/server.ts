/**
 * The HTTP layer around the Yoga handler: liveness and readiness probes, the request body limit (413), and
 * draining on shutdown. It answers before the graph is loaded (live, not ready) so orchestrators can tell
 * "starting" from "dead".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_LIMITS } from "./config.ts";
import type { GraphStore } from "./graph/store.ts";
import { ResponseCache } from "./response-cache.ts";
import { createGraphQLHandler, type HandlerOptions } from "./yoga.ts";

/** Options for the HTTP server. */
export interface ServerOptions extends HandlerOptions {
  /** Answer repeated identical requests from a response cache; on unless RESPONSE_CACHE=off. */
  responseCache?: boolean;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
}

/** A running server: its URL, a way to start serving a loaded graph, and a draining close. */
export interface RunningServer {
  server: Server;
  url: string;
  /** Serve this store from now on; until called, GraphQL requests get 503 NOT_READY. */
  serve(store: GraphStore): void;
  /** Stop accepting connections, finish in-flight requests, then resolve. */
  close(): Promise<void>;
}

type Handler = ReturnType<typeof createGraphQLHandler>;

/** Send a GraphQL-shaped JSON error with a code. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Read a request body up to `limit` bytes; resolves null (and stops reading) when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Start listening on host:port (port 0 picks a free one); serves `store` at once when given. */
export async function startServer(
  store: GraphStore | null,
  host: string,
  port: number,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let handler: Handler | null = null;
  let draining = false;
  const cache = (options.responseCache ?? process.env.RESPONSE_CACHE !== "off") ? new ResponseCache() : null;

  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (draining) res.setHeader("connection", "close");
    if (path === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (path === "/ready") {
      const ready = handler !== null && !draining;
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ready }));
      return;
    }
    if (!handler) {
      res.setHeader("retry-after", "1");
      sendError(res, 503, "NOT_READY", "The graph is still loading; retry shortly.");
      return;
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    const tooLarge = () =>
      sendError(
        res,
        413,
        "PAYLOAD_TOO_LARGE",
        `Request body is larger than the limit of ${limits.maxBodyBytes} bytes.`,
        {
          limit: limits.maxBodyBytes,
        },
      );
    if (declared > limits.maxBodyBytes) {
      res.setHeader("connection", "close");
      tooLarge();
      req.resume();
      return;
    }
    const cacheable =
      cache !== null &&
      (req.method === "GET" || (req.method === "POST" && /json/.test(req.headers["content-type"] ?? "")));
    // A declared length within the limit is enforced by Node's HTTP parser, so Yoga can read the stream itself.
    if (
      !cacheable &&
      (req.headers["content-length"] !== undefined || req.method === "GET" || req.method === "HEAD")
    ) {
      if (draining) res.setHeader("connection", "close");
      await handler(req, res);
      return;
    }
    // Read the body here (counting, so a chunked body stops at the limit) to key the cache on it.
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody ? await readBody(req, limits.maxBodyBytes) : null;
    if (hasBody && body === null) {
      res.setHeader("connection", "close");
      tooLarge();
      return;
    }
    const key = ResponseCache.key(
      req.method ?? "GET",
      req.url ?? "/",
      String(req.headers.accept ?? ""),
      body,
    );
    let answer = cacheable ? cache?.get(key) : undefined;
    if (!answer) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const init: RequestInit = { method: req.method ?? "GET", headers };
      if (body && body.length > 0) init.body = new Uint8Array(body);
      const response = await handler.fetch(new URL(req.url ?? "/", "http://localhost").toString(), init);
      answer = {
        status: response.status,
        headers: Object.fromEntries(
          [...response.headers].map(([name, value]) => [name.toLowerCase(), value]),
        ),
        body: Buffer.from(await response.arrayBuffer()),
      };
      if (cacheable) cache?.offer(key, answer);
    }
    // A request that was in flight when draining began closes its connection once answered.
    if (draining) res.setHeader("connection", "close");
    res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
    res.end(req.method === "HEAD" ? undefined : answer.body);
  };

  const server = createServer((req, res) => {
    res.on("finish", () => {
      if (draining) server.closeIdleConnections();
    });
    listener(req, res).catch((error: unknown) => {
      options.log?.(
        JSON.stringify({ level: "error", msg: String(error instanceof Error ? error.stack : error) }),
      );
      if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Unexpected error.");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const running: RunningServer = {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    serve(loaded) {
      handler = createGraphQLHandler(loaded, { ...options, limits });
    },
    close() {
      draining = true;
      return new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
  if (store) running.serve(store);
  return running;
}
