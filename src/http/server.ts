/**
 * The HTTP layer around the Yoga handler: liveness and readiness probes, the request body limit (413), CORS and
 * security headers on every response, JSON error bodies with a code for everything it refuses, the response
 * cache, and draining on shutdown. It answers before the graph is loaded (live, not ready) so orchestrators can
 * tell "starting" from "dead".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, Server as NetServer, type Socket } from "node:net";
import { type ExecutionResult, getOperationAST } from "graphql";
import { DEFAULT_LIMITS } from "../config.ts";
import type { GraphStore } from "../graph/store.ts";
import { COMPRESS_MIN_BYTES, chooseCoding, compress } from "./compression.ts";
import { isExplorerPath, serveExplorer } from "./explorer.ts";
import { type PersistedOutcome, PersistedQueries } from "./persisted-queries.ts";
import type { LogLine } from "./plugins/error-log.ts";
import { SKIP_JIT } from "./plugins/jit.ts";
import { PRECOMPUTED_RESULT, type PrecomputedContext } from "./plugins/precomputed-result.ts";
import {
  answerPreflight,
  type CorsOrigins,
  corsOriginsFromEnv,
  HTML_CONTENT_SECURITY_POLICY,
  setPolicyHeaders,
} from "./policy.ts";
import { PreparedOperations } from "./prepared.ts";
import { bodyBytes, type CachedAnswer, ResponseCache } from "./response-cache.ts";
import { createGraphQLHandler, type HandlerOptions, jitEnabled } from "./yoga.ts";

/** Options for the HTTP server. */
export interface ServerOptions extends HandlerOptions {
  /** Answer repeated identical requests from a response cache; on unless RESPONSE_CACHE=off. */
  responseCache?: boolean;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
  /** While draining, how long a keep-alive connection may sit idle before it is closed (default 1 s). */
  drainIdleGraceMs?: number;
  /** Browser origins allowed to read responses (CORS_ORIGINS; every origin by default). */
  corsOrigins?: CorsOrigins;
  /** Answer plain JSON POSTs on the direct path (on by default; off only to measure what it saves). */
  directPath?: boolean;
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

/** The GraphQL endpoint; everything else but the probes is a 404. */
const GRAPHQL_PATH = "/graphql";

/** The code of an error answer Yoga sent without a GraphQL body, by HTTP status. */
const CODE_BY_STATUS: Record<number, { code: string; message: string }> = {
  404: { code: "NOT_FOUND", message: "Not found." },
  405: { code: "METHOD_NOT_ALLOWED", message: "Use GET or POST for GraphQL requests." },
  406: {
    code: "NOT_ACCEPTABLE",
    message: "Accept application/graphql-response+json or application/json.",
  },
  415: {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Send the request body as application/json (or application/graphql-response+json).",
  },
};

/** A GraphQL-shaped JSON error body with a code. */
function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/** Send a GraphQL-shaped JSON error with a code. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  const body = errorBody(code, message, extra);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
  });
  res.end(body);
}

/** How much of an oversized body is read and dropped, as a multiple of the limit, before its 413 is sent. */
const OVERSIZE_DISCARD_FACTOR = 10;

/**
 * Read a request body up to `limit` bytes; resolves null when it is larger. The rest of an oversized body is read
 * and dropped (up to `discardLimit` bytes) before resolving, so the 413 reaches a client that is still sending
 * instead of a closed socket; beyond that the connection is closed.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const discardLimit = limit * OVERSIZE_DISCARD_FACTOR;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > discardLimit) {
        req.removeAllListeners("data");
        resolve(null);
      }
    });
    req.on("end", () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The path and query of a request URL, or null when it cannot be parsed. */
function requestTarget(rawUrl: string | undefined): URL | null {
  try {
    return new URL(rawUrl ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Media types whose bodies the response cache may key on: exactly the JSON bodies Yoga accepts. */
const CACHEABLE_BODY_TYPES = new Set(["application/json", "application/graphql-response+json"]);

/** The parameters of a GraphQL request, as Yoga accepts them in a JSON body. */
interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** Whether a value is a JSON object (not an array, not null). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parameter names Yoga accepts in a request body; any other (non-null) one is refused by Yoga. */
const GRAPHQL_PARAM_NAMES = new Set(["query", "variables", "operationName", "extensions"]);

/**
 * The GraphQL parameters of a JSON body exactly when Yoga would accept them as they are (an object with a string
 * query, object-or-absent variables and extensions, string-or-absent operation name, nothing else); null for
 * anything else, which then takes Yoga's own path and gets Yoga's own answer.
 */
function plainGraphQLParams(body: Buffer): GraphQLParams | null {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  if (!isJsonObject(payload)) return null;
  for (const name in payload) if (payload[name] != null && !GRAPHQL_PARAM_NAMES.has(name)) return null;
  const { query, variables, operationName, extensions } = payload;
  if (typeof query !== "string") return null;
  if (variables != null && !isJsonObject(variables)) return null;
  if (operationName != null && typeof operationName !== "string") return null;
  if (extensions != null && !isJsonObject(extensions)) return null;
  return payload as unknown as GraphQLParams;
}

/**
 * Run a query through Yoga's envelop pipeline (the same parse, validation, context, plugins and executor as
 * Yoga's own path) without building fetch-API Request and Response objects. Resolves null when the request is
 * not a plain query that parses and validates (Yoga's own path answers it, with nothing executed yet). With
 * `skipJit` (the prepared lane already ran jit, and found errors) it executes on graphql-js.
 */
async function executeDirectly(
  live: Handler,
  params: GraphQLParams,
  skipJit: boolean,
): Promise<ExecutionResult | null> {
  // Yoga's own parse hook reads the request's method (to refuse mutations over GET, and to give a parse failure
  // its 400 before the parse cache keeps it): this path only takes POSTs.
  const initial = { params, request: { method: "POST" }, ...(skipJit ? { [SKIP_JIT]: true } : {}) };
  const enveloped = live.getEnveloped(initial as never);
  let document: ReturnType<typeof enveloped.parse>;
  try {
    // Limits refuse by throwing here (tokens while parsing, Armor's rules while validating): Yoga words those.
    document = enveloped.parse(params.query);
    if (enveloped.validate(enveloped.schema, document).length > 0) return null;
  } catch {
    return null;
  }
  if (getOperationAST(document, params.operationName)?.operation !== "query") return null;
  const contextValue = await enveloped.contextFactory();
  return (await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  })) as ExecutionResult;
}

/** Most distinct Accept headers whose success media type is remembered for the direct path. */
const MAX_KNOWN_ACCEPT_HEADERS = 64;

/** A GraphQL error as it appears in a response body. */
interface ErrorEntry {
  message?: unknown;
  extensions?: Record<string, unknown>;
}

/**
 * A Yoga answer as the HTTP layer sends it. An error status always gets a JSON body whose every error has a code,
 * and no `originalError`: Yoga puts the JSON parser's message there, which quotes the request body back.
 */
function withErrorBody(answer: CachedAnswer): CachedAnswer {
  if (answer.status < 400) return answer;
  const fallback = CODE_BY_STATUS[answer.status] ?? {
    code: answer.status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST",
    message: answer.status >= 500 ? "Unexpected error." : "Bad request.",
  };
  let errors: ErrorEntry[] | undefined;
  if (answer.contentType.includes("json")) {
    try {
      errors = (JSON.parse(answer.body.toString("utf8")) as { errors?: ErrorEntry[] }).errors;
    } catch {
      errors = undefined;
    }
  }
  const cleaned = (Array.isArray(errors) && errors.length > 0 ? errors : [{ message: fallback.message }]).map(
    (error) => {
      const { originalError: _echo, ...extensions } = error.extensions ?? {};
      return { ...error, extensions: { ...extensions, code: extensions.code ?? fallback.code } };
    },
  );
  return {
    status: answer.status,
    contentType: answer.contentType.includes("json") ? answer.contentType : "application/json; charset=utf-8",
    body: Buffer.from(JSON.stringify({ errors: cleaned })),
  };
}

/**
 * Whether a 5xx answer says "later" rather than reporting a failure, so it is not logged as a server error: a
 * probe's 503 (not ready yet, or draining) and the explorer's 503 EXPLORER_BUILDING, which carries Retry-After
 * while its bundle is built. A failed explorer build (503 without Retry-After) and every other 5xx are logged.
 */
export function saysLater(status: number, pathname: string | null, retryAfter: boolean): boolean {
  if (status !== 503 || pathname === null) return false;
  return pathname === "/ready" || (isExplorerPath(pathname) && retryAfter);
}

/** Start listening on host:port (port 0 picks a free one); serves `store` at once when given. */
export async function startServer(
  store: GraphStore | null,
  host: string,
  port: number,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const log: LogLine = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const corsOrigins = options.corsOrigins ?? corsOriginsFromEnv();
  let handler: Handler | null = null;
  // The direct path's fast lane for queries seen before (null without jit): one per served graph, like the handler.
  let lane: PreparedOperations | null = null;
  let draining = false;
  const cache = (options.responseCache ?? process.env.RESPONSE_CACHE !== "off") ? new ResponseCache() : null;
  const persistedQueries = new PersistedQueries();
  const directPath = options.directPath ?? true;
  let graphiqlPage: CachedAnswer | undefined;
  // The media type Yoga gave a successful answer, by the request's Accept header: the direct path answers only
  // Accept headers Yoga has answered before, with what Yoga chose for them.
  const successContentType = new Map<string, string>();

  /** Apply automatic persisted queries to a request's body (POST) or URL (GET). */
  const resolvePersisted = (
    method: string,
    contentType: string,
    target: URL,
    body: Buffer | null,
  ): { body: Buffer | null; target: URL; refused?: Extract<PersistedOutcome, { kind: "refused" }> } => {
    let payload: unknown;
    if (
      method === "POST" &&
      body &&
      CACHEABLE_BODY_TYPES.has(contentType) &&
      body.includes("persistedQuery")
    ) {
      try {
        payload = JSON.parse(body.toString("utf8"));
      } catch {
        return { body, target }; // Yoga answers malformed JSON
      }
    } else if (method === "GET" && target.searchParams.has("extensions")) {
      try {
        payload = {
          query: target.searchParams.get("query") ?? undefined,
          extensions: JSON.parse(target.searchParams.get("extensions") ?? ""),
        };
      } catch {
        return { body, target };
      }
    }
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return { body, target };
    const outcome = persistedQueries.resolve(payload as Record<string, unknown>);
    if (outcome.kind === "refused") return { body, target, refused: outcome };
    if (outcome.kind === "unchanged") return { body, target };
    if (method === "POST") return { body: Buffer.from(JSON.stringify(outcome.payload)), target };
    const rewritten = new URL(target);
    rewritten.searchParams.set("query", String(outcome.payload.query));
    return { body, target: rewritten };
  };

  /** Answer a GraphQL request: from the cache when the same request succeeded before, else through Yoga. */
  const answerGraphQL = async (req: IncomingMessage, res: ServerResponse, requested: URL, live: Handler) => {
    let target = requested;
    const declared = Number(req.headers["content-length"] ?? 0);
    const tooLarge = () => {
      res.setHeader("connection", "close");
      sendError(
        res,
        413,
        "PAYLOAD_TOO_LARGE",
        `Request body is larger than the limit of ${limits.maxBodyBytes} bytes.`,
        { limit: limits.maxBodyBytes },
      );
    };
    // Too large to drain first: answer at once and close.
    if (declared > limits.maxBodyBytes * OVERSIZE_DISCARD_FACTOR) {
      tooLarge();
      req.resume();
      return;
    }
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    // Read the body here (counting, so a chunked body stops at the limit) to key the cache on it.
    const read = hasBody || declared > 0 ? await readBody(req, limits.maxBodyBytes) : null;
    if ((hasBody || declared > 0) && read === null) {
      tooLarge();
      return;
    }
    const contentType = mediaType(req.headers["content-type"]);
    // Automatic persisted queries: a known hash becomes its query before anything keys on the request.
    const persisted = resolvePersisted(method, contentType, target, read);
    if (persisted.refused) {
      const { status, code, message } = persisted.refused;
      sendError(res, status, code, message);
      return;
    }
    const body = persisted.body;
    target = persisted.target;
    const accept = String(req.headers.accept ?? "");
    const cacheable =
      cache !== null && (method === "GET" || (method === "POST" && CACHEABLE_BODY_TYPES.has(contentType)));
    const key = cacheable
      ? ResponseCache.key({
          method,
          url: target.pathname + target.search,
          contentType,
          accept,
          body,
        })
      : "";
    // GraphiQL's page (9 MB, its editor inline) is the same for every browser: render and compress it once.
    const wantsPage = method === "GET" && accept.includes("text/html");
    let answer = wantsPage && graphiqlPage ? graphiqlPage : cacheable ? cache?.get(key) : undefined;
    let extraHeaders: [string, string][] = [];
    let precomputed: ExecutionResult | undefined;
    // Plain JSON POSTs skip the fetch-API objects: executed through Yoga's own pipeline, a success is serialised
    // here as Yoga would; anything else (errors, refusals, unusual bodies or Accept headers) is answered by Yoga,
    // handed the result when it was already executed so nothing runs twice.
    if (
      !answer &&
      directPath &&
      method === "POST" &&
      contentType === "application/json" &&
      body &&
      body.length > 0
    ) {
      const mediaTypeOfSuccess = successContentType.get(accept);
      const params = mediaTypeOfSuccess ? plainGraphQLParams(body) : null;
      const outcome = params && lane ? await lane.run(params) : null;
      let result: ExecutionResult | null = null;
      let stringify: (value: ExecutionResult) => string = JSON.stringify;
      if (outcome?.kind === "answered") {
        result = outcome.result;
        stringify = outcome.stringify;
      } else if (outcome?.kind === "timed-out") {
        precomputed = outcome.result;
      } else if (params) {
        result = await executeDirectly(live, params, lane !== null);
        stringify = (result as { stringify?: typeof stringify } | null)?.stringify ?? stringify;
      }
      if (result && !result.errors && !result.extensions && mediaTypeOfSuccess) {
        answer = { status: 200, contentType: mediaTypeOfSuccess, body: stringify(result) };
        if (cacheable) cache?.offer(key, answer, true);
      } else if (result) {
        precomputed = result;
      }
    }
    if (!answer) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      // The body passed on may be a persisted query's expansion: its length is its own.
      headers.delete("content-length");
      headers.delete("transfer-encoding");
      const init: RequestInit = { method, headers };
      if (hasBody && body && body.length > 0) init.body = new Uint8Array(body);
      const serverContext: PrecomputedContext = precomputed ? { [PRECOMPUTED_RESULT]: precomputed } : {};
      const response = await live.fetch(
        new URL(target.pathname + target.search, "http://localhost"),
        init,
        // Yoga's server-context type is this server's (empty) one; the plugin reads its own symbol key.
        serverContext as Record<string, never>,
      );
      answer = withErrorBody({
        status: response.status,
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
        body: Buffer.from(await response.arrayBuffer()),
      });
      // Headers Yoga computed for this request (Allow on a 405, say) pass on; CORS is this layer's alone.
      extraHeaders = [...response.headers].filter(
        ([name]) =>
          !/^(access-control-|content-type$|content-length$|vary$|connection$|keep-alive$)/i.test(name),
      );
      if (cacheable) cache?.offer(key, answer);
      if (
        answer.status === 200 &&
        extraHeaders.length === 0 &&
        successContentType.size < MAX_KNOWN_ACCEPT_HEADERS &&
        method === "POST" &&
        contentType === "application/json" &&
        answer.contentType.includes("json")
      ) {
        successContentType.set(accept, answer.contentType);
      }
      if (wantsPage && answer.status === 200 && answer.contentType.startsWith("text/html"))
        graphiqlPage = answer;
    }
    for (const [name, value] of extraHeaders) res.setHeader(name, value);
    if (answer.contentType.startsWith("text/html")) {
      res.setHeader("content-security-policy", HTML_CONTENT_SECURITY_POLICY);
    }
    // The answer depends on the accepted codings too, so shared caches must key on them.
    const vary = res.getHeader("vary");
    res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    const size = bodyBytes(answer);
    const coding =
      method !== "HEAD" && size >= COMPRESS_MIN_BYTES
        ? chooseCoding(req.headers["accept-encoding"] as string | undefined)
        : null;
    let sent = answer.body;
    if (coding) {
      // A cached answer keeps each compressed form, so a hit is never compressed twice.
      const plain = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
      const encoded = answer.encoded?.[coding] ?? (await compress(plain, coding));
      answer.encoded = { ...answer.encoded, [coding]: encoded };
      res.setHeader("content-encoding", coding);
      sent = encoded;
    }
    res.writeHead(answer.status, {
      "content-type": answer.contentType,
      "content-length": sent === answer.body ? size : sent.length,
    });
    // A string body leaves with the headers in one write; a Buffer is written after them.
    res.end(method === "HEAD" ? undefined : sent);
  };

  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    // A request on a connection that was open when draining began gets its answer, then the connection closes.
    if (draining) res.setHeader("connection", "close");
    setPolicyHeaders(req, res, corsOrigins);
    const target = requestTarget(req.url);
    if (!target) {
      sendError(res, 400, "BAD_REQUEST", "The request URL cannot be parsed.");
      req.resume();
      return;
    }
    if (target.pathname === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (target.pathname === "/ready") {
      const ready = handler !== null && !draining;
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ready }));
      return;
    }
    if (isExplorerPath(target.pathname)) return serveExplorer(req, res, target.pathname);
    if (target.pathname !== GRAPHQL_PATH) {
      sendError(
        res,
        404,
        "NOT_FOUND",
        `Nothing is served at this path: GraphQL is at ${GRAPHQL_PATH}, probes at /health and /ready.`,
      );
      req.resume();
      return;
    }
    if (req.method === "OPTIONS") {
      answerPreflight(req, res);
      req.resume();
      return;
    }
    if (!handler) {
      res.setHeader("retry-after", "1");
      sendError(res, 503, "NOT_READY", "The graph is still loading; retry shortly.");
      req.resume();
      return;
    }
    await answerGraphQL(req, res, target, handler);
  };

  const server = createServer((req, res) => {
    listener(req, res)
      .catch((error: unknown) => {
        log(JSON.stringify({ level: "error", msg: String(error instanceof Error ? error.stack : error) }));
        if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Unexpected error.");
        else res.destroy();
      })
      .finally(() => {
        // Only a server error is logged: the URL is parsed again for that alone, not for every request.
        if (res.statusCode < 500) return;
        const path = requestTarget(req.url)?.pathname ?? null;
        if (!saysLater(res.statusCode, path, res.hasHeader("retry-after"))) {
          log(
            JSON.stringify({
              level: "error",
              msg: "request answered with a server error",
              time: new Date().toISOString(),
              method: req.method,
              url: path,
              status: res.statusCode,
            }),
          );
        }
      });
  });

  // Requests Node's HTTP parser refuses (headers too large, malformed) still get a JSON body with a code.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const [status, reason, code] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "Request Header Fields Too Large", "HEADERS_TOO_LARGE"]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout", "REQUEST_TIMEOUT"]
          : [400, "Bad Request", "BAD_REQUEST"];
    const body = errorBody(code, `${reason}.`);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body.toString()}`,
    );
  });

  // Connections and whether they are between requests, so draining closes only those idle for a while.
  const idleSince = new Map<Socket, number | null>();
  server.on("connection", (socket: Socket) => {
    idleSince.set(socket, Date.now());
    socket.on("close", () => idleSince.delete(socket));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    idleSince.set(req.socket, null);
    res.on("close", () => {
      if (idleSince.has(req.socket)) idleSince.set(req.socket, Date.now());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const running: RunningServer = {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    serve(loaded) {
      handler = createGraphQLHandler(loaded, { ...options, limits, log });
      lane =
        directPath && jitEnabled(options)
          ? new PreparedOperations(handler, loaded, limits, loaded.stats(), options.loaders)
          : null;
    },
    close() {
      draining = true;
      const grace = options.drainIdleGraceMs ?? 1_000;
      // A busy connection closes after its answer (which says `connection: close`); an idle one only once it
      // has been idle for `grace`, so a request the client is sending right now is answered, never reset.
      const closeLongIdle = () => {
        const now = Date.now();
        for (const [socket, since] of idleSince) if (since !== null && now - since >= grace) socket.destroy();
      };
      return new Promise<void>((resolve, reject) => {
        const sweep = setInterval(closeLongIdle, Math.min(100, grace));
        const force = setTimeout(() => {
          for (const socket of idleSince.keys()) socket.destroy();
        }, options.drainTimeoutMs ?? 10_000);
        // Let the event loop accept the connections already queued in the kernel's backlog (closing the listening
        // socket would reset them, requests and all), then stop listening. net.Server's close stops accepting
        // without cutting idle keep-alive connections, as http.Server's would.
        setImmediate(() =>
          setImmediate(() => {
            NetServer.prototype.close.call(server, (error?: Error) => {
              clearInterval(sweep);
              clearTimeout(force);
              if (error) reject(error);
              else resolve();
            });
            closeLongIdle();
          }),
        );
      });
    },
  };
  if (store) running.serve(store);
  return running;
}
