/**
 * The graph explorer at /explore: serves the vite bundle in dist/explorer/ (built from explorer/) with content
 * types, long-lived caching for hashed assets, compression and a self-only Content-Security-Policy. When the bundle
 * is missing or older than its sources, the server builds it itself with vite, in the background: /graphql answers
 * at once, and /explore answers 503 EXPLORER_BUILDING (with Retry-After) until the bundle is ready, or 503
 * EXPLORER_UNAVAILABLE when it cannot be built (vite absent, a build error).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPRESS_MIN_BYTES, type Coding, chooseCoding, compress } from "./compression.ts";

/** Where the explorer is served. */
export const EXPLORER_PATH = "/explore";

/** The repository root (this file is src/http/explorer.ts). */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The explorer's Content-Security-Policy: scripts, styles and data only from this server (cytoscape sets inline
 * styles on its canvas, hence 'unsafe-inline' for styles only), requests only back to this server, no framing.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Content types by file extension; anything else in the bundle is served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Hashed assets never change under their name: a year, immutable. The page itself is revalidated every time. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** One file of the bundle, with its compressed forms once made. */
interface Asset {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  encoded: Partial<Record<Coding, Promise<Buffer>>>;
}

/** Where the explorer stands: serving, building, or unable to serve. */
export type ExplorerStatus =
  | { state: "unchecked" }
  | { state: "ready"; files: number }
  | { state: "building" }
  | { state: "unavailable"; reason: string };

/** Where the bundle and its sources are, and how to build it. */
export interface ExplorerOptions {
  /** The built bundle (default dist/explorer/). */
  distDir?: string;
  /** The explorer's sources (default explorer/); a bundle older than any of them is rebuilt. */
  sourceDir?: string;
  /** Build the bundle into a directory; false never builds (default: vite's `build()`, imported on demand). */
  build?: ((outDir: string) => Promise<void>) | false;
  /** Where a failed build is reported (stderr by default). */
  log?: (line: string) => void;
}

/** Build the bundle with vite's programmatic API into `outDir` (vite is imported only when a build is needed). */
async function viteBuild(outDir: string): Promise<void> {
  const vite = await import("vite");
  await vite.build({
    configFile: join(ROOT, "explorer", "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
}

/** The newest modification time of the files under a directory (0 when it does not exist). */
function newestChange(directory: string): number {
  if (!existsSync(directory)) return 0;
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Every file of a built bundle by the URL path it is served at. */
function readBundle(distDir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  for (const entry of readdirSync(distDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const urlPath = `${EXPLORER_PATH}/${relative(distDir, path).split(sep).join("/")}`;
    const extension = entry.name.slice(entry.name.lastIndexOf("."));
    files.set(urlPath, {
      body: readFileSync(path),
      contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
      cacheControl: urlPath.startsWith(`${EXPLORER_PATH}/assets/`) ? IMMUTABLE : REVALIDATE,
      encoded: {},
    });
  }
  return files;
}

/** The explorer's files and the build that makes them, checked on the first request. */
export class ExplorerAssets {
  private status: ExplorerStatus = { state: "unchecked" };
  private files = new Map<string, Asset>();
  private readonly distDir: string;
  private readonly sourceDir: string;
  private readonly builder: ((outDir: string) => Promise<void>) | false;
  private readonly log: (line: string) => void;
  /** The running build, if any. */
  building: Promise<void> | null = null;

  constructor(options: ExplorerOptions = {}) {
    this.distDir = options.distDir ?? join(ROOT, "dist", "explorer");
    this.sourceDir = options.sourceDir ?? join(ROOT, "explorer");
    this.builder = options.build === undefined ? viteBuild : options.build;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Where the explorer stands now; the first call checks the bundle and starts a build when it is needed. */
  check(): ExplorerStatus {
    if (this.status.state !== "unchecked") return this.status;
    const index = join(this.distDir, "index.html");
    const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
    const stale = builtAt === 0 || newestChange(this.sourceDir) > builtAt;
    if (!stale) {
      this.load();
      return this.status;
    }
    if (!this.builder || !existsSync(this.sourceDir)) {
      // Nothing to build with: serve a stale bundle as it is, or say how to make one.
      if (builtAt) this.load();
      else {
        this.status = {
          state: "unavailable",
          reason: "The explorer's bundle is missing: run `npm run build:explorer`.",
        };
      }
      return this.status;
    }
    this.status = { state: "building" };
    this.building = this.rebuild(this.builder);
    return this.status;
  }

  /** Resolve once the bundle has been checked and any build that started has ended; returns the status then. */
  async ready(): Promise<ExplorerStatus> {
    this.check();
    await this.building;
    return this.status;
  }

  /** Answer a request for a path under /explore. */
  async answer(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      sendJson(res, 405, "METHOD_NOT_ALLOWED", "The explorer is read with GET.");
      return;
    }
    const status = this.check();
    // A browser gets the same answer as a page that retries by itself; any other client gets JSON.
    const send = String(req.headers.accept ?? "").includes("text/html") ? sendPage : sendJson;
    if (status.state === "building") {
      res.setHeader("retry-after", "2");
      send(res, 503, "EXPLORER_BUILDING", "The explorer is being built; retry in a few seconds.");
      return;
    }
    if (status.state !== "ready") {
      const reason = status.state === "unavailable" ? status.reason : "The explorer is not available.";
      send(res, 503, "EXPLORER_UNAVAILABLE", reason);
      return;
    }
    const asset =
      pathname === EXPLORER_PATH || pathname === `${EXPLORER_PATH}/`
        ? this.files.get(`${EXPLORER_PATH}/index.html`)
        : this.files.get(pathname);
    if (!asset) {
      sendJson(res, 404, "NOT_FOUND", `The explorer has no file at ${pathname.slice(0, 200)}.`);
      return;
    }
    res.setHeader("cache-control", asset.cacheControl);
    res.setHeader("vary", "Accept-Encoding");
    if (asset.contentType.startsWith("text/html")) {
      res.setHeader("content-security-policy", EXPLORER_CONTENT_SECURITY_POLICY);
    }
    const coding =
      asset.body.length >= COMPRESS_MIN_BYTES
        ? chooseCoding(req.headers["accept-encoding"] as string | undefined)
        : null;
    let body = asset.body;
    if (coding) {
      // Each file is compressed once per coding, on first demand.
      asset.encoded[coding] ??= compress(asset.body, coding);
      body = await asset.encoded[coding];
      res.setHeader("content-encoding", coding);
    }
    res.writeHead(200, { "content-type": asset.contentType, "content-length": body.length });
    res.end(method === "HEAD" ? undefined : body);
  }

  /** Build into a fresh directory beside the bundle, then swap it in, so a half-written bundle is never served. */
  private async rebuild(builder: (outDir: string) => Promise<void>): Promise<void> {
    const scratch = `${this.distDir}.building-${process.pid}-${Date.now()}`;
    try {
      await builder(scratch);
      rmSync(this.distDir, { recursive: true, force: true });
      renameSync(scratch, this.distDir);
      this.load();
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      const message = error instanceof Error ? error.message : String(error);
      const missingVite = /Cannot find (package|module) 'vite'/.test(message);
      this.status = {
        state: "unavailable",
        reason: missingVite
          ? "The explorer's bundle is missing and vite is not installed to build it: run `npm install` then `npm run build:explorer`."
          : "The explorer could not be built; the server log has the reason.",
      };
      this.log(JSON.stringify({ level: "error", msg: `explorer build failed: ${message.slice(0, 2000)}` }));
    } finally {
      this.building = null;
    }
  }

  /** Read the built bundle and serve it. */
  private load(): void {
    try {
      this.files = readBundle(this.distDir);
      this.status = this.loadStatus();
    } catch (error) {
      this.status = {
        state: "unavailable",
        reason: `The explorer's bundle cannot be read: ${(error as Error).message}`,
      };
    }
  }

  /** The status after loading: ready when the bundle has its page. */
  private loadStatus(): ExplorerStatus {
    return this.files.has(`${EXPLORER_PATH}/index.html`)
      ? { state: "ready", files: this.files.size }
      : {
          state: "unavailable",
          reason: "The explorer's bundle has no index.html: run `npm run build:explorer`.",
        };
  }
}

/** A JSON error body with a code, as every other refusal of the server. */
function sendJson(res: ServerResponse, status: number, code: string, message: string): void {
  const body = Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
}

/** The same refusal as a small page for a browser; while building, it reloads itself every two seconds. */
function sendPage(res: ServerResponse, status: number, code: string, message: string): void {
  const escapeHtml = (text: string) =>
    text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  const refresh = code === "EXPLORER_BUILDING" ? '<meta http-equiv="refresh" content="2">' : "";
  const body = Buffer.from(
    `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>Explorer · ${code}</title></head>` +
      `<body><h1>${escapeHtml(message)}</h1><p><code>${code}</code> · <a href="/graphql">GraphiQL</a></p></body></html>`,
  );
  res.setHeader("content-security-policy", EXPLORER_CONTENT_SECURITY_POLICY);
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
  res.end(body);
}

/** Whether a request path is the explorer's. */
export function isExplorerPath(pathname: string): boolean {
  return pathname === EXPLORER_PATH || pathname.startsWith(`${EXPLORER_PATH}/`);
}

/** The process's explorer (one bundle, one build, however many servers run). */
let shared: ExplorerAssets | undefined;

/** The process's explorer, created on first use (its bundle is checked, and built if needed, on first request). */
export function sharedExplorer(): ExplorerAssets {
  shared ??= new ExplorerAssets();
  return shared;
}

/** Answer a request under /explore from the process's explorer. */
export function serveExplorer(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  return sharedExplorer().answer(req, res, pathname);
}
