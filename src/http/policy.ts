/**
 * Headers the HTTP layer computes for every response, whoever produced its body (Yoga, the response cache, a
 * probe or an error): the CORS policy and the security headers. Nothing here is ever replayed from a cache.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Which browser origins may read responses: every origin (`*`, the default) or an allow-list. */
export type CorsOrigins = "*" | readonly string[];

/** Read CORS_ORIGINS: unset or `*` allows every origin; otherwise a comma-separated list of exact origins. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): CorsOrigins {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw || raw === "*") return "*";
  return raw
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

/** Methods a cross-origin caller may use. */
const ALLOWED_METHODS = "GET, POST, OPTIONS";
/** Request headers a preflight may ask for: a comma-separated list of header names, nothing else. */
const HEADER_LIST = /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/;
/** How long browsers may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = "600";

/**
 * The Content-Security-Policy of HTML pages (GraphiQL): everything from this server or inline in the page (GraphiQL
 * ships its editor inline and starts its workers from blobs), requests only back to this server, no framing.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Set the CORS and security headers every response carries. Credentials are never allowed: the API has no cookies. */
export function setPolicyHeaders(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  if (origins === "*") {
    res.setHeader("access-control-allow-origin", "*");
    return;
  }
  // The answer depends on Origin, so shared caches must key on it.
  res.setHeader("vary", "Origin");
  const origin = req.headers.origin;
  if (origin && origins.includes(origin)) res.setHeader("access-control-allow-origin", origin);
}

/** Answer a CORS preflight (OPTIONS) with 204: the allowed methods and, when well-formed, the requested headers. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("access-control-allow-methods", ALLOWED_METHODS);
  const requested = req.headers["access-control-request-headers"];
  if (typeof requested === "string" && HEADER_LIST.test(requested)) {
    res.setHeader("access-control-allow-headers", requested);
  }
  res.setHeader("access-control-max-age", PREFLIGHT_MAX_AGE);
  res.writeHead(204).end();
}
