/**
 * The explorer without a browser: /explore serves the built page and its assets (content types, caching, CSP,
 * compression), answers 503 with a code while the bundle is building or when it cannot be had, and every operation
 * the explorer sends validates against the schema, stays under the node budget and answers data on the real seed.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_VARIABLES, OPERATIONS, type OperationName } from "../explorer/src/operations.ts";
import { DEFAULT_LIMITS } from "../src/config.ts";
import {
  EXPLORER_CONTENT_SECURITY_POLICY,
  ExplorerAssets,
  type ExplorerOptions,
  sharedExplorer,
} from "../src/http/explorer.ts";
import { queryCost } from "../src/http/plugins/query-cost.ts";
import { type RunningServer, startServer } from "../src/http/server.ts";
import { GRAPHIQL_EXAMPLES } from "../src/http/yoga.ts";
import { schema } from "../src/schema/index.ts";
import { store } from "./support/api.ts";

let server: RunningServer;

beforeAll(async () => {
  // Built here with vite when dist/explorer is missing or older than explorer/ (as the server would).
  expect(await sharedExplorer().ready()).toMatchObject({ state: "ready" });
  server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

describe("/explore", () => {
  it("serves the page with a self-only CSP, revalidated on every load", async () => {
    for (const path of ["/explore", "/explore/", "/explore/index.html"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(response.headers.get("content-security-policy")).toBe(EXPLORER_CONTENT_SECURITY_POLICY);
      const html = await response.text();
      expect(html).toContain("<title>Explorer · SCO knowledge graph</title>");
      // Everything from this server: no CDN, no outside font or script.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).toContain('href="/graphql"');
    }
    const policy = EXPLORER_CONTENT_SECURITY_POLICY;
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("serves the hashed assets with their content types, cached for a year, compressed when asked", async () => {
    const html = await (await fetch(`${server.url}/explore/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/explore\/assets\/[^"]+)"/g)].map(
      (match) => match[1] ?? "",
    );
    const byType = Object.fromEntries(assets.map((path) => [path.slice(path.lastIndexOf(".")), path]));
    expect(Object.keys(byType).sort()).toEqual([".css", ".js"]);
    const expected: Record<string, string> = {
      ".js": "text/javascript; charset=utf-8",
      ".css": "text/css; charset=utf-8",
    };
    for (const [extension, path] of Object.entries(byType)) {
      const plain = await fetch(`${server.url}${path}`, { headers: { "accept-encoding": "identity" } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get("content-type")).toBe(expected[extension]);
      expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
      const bytes = Buffer.from(await plain.arrayBuffer());
      // Raw HTTP so the compressed bytes are seen as sent.
      const compressed = await rawGet(`${server.url}${path}`, { "accept-encoding": "br" });
      expect(compressed.headers["content-encoding"]).toBe("br");
      expect(compressed.body.length).toBeLessThan(bytes.length);
      expect(brotliDecompressSync(compressed.body).equals(bytes)).toBe(true);
    }
    // The stylesheet loads no outside font or image.
    const css = await (await fetch(`${server.url}${byType[".css"]}`)).text();
    expect(css).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//);
  });

  it("answers unknown files with 404 and other methods with 405, each with a code", async () => {
    for (const path of [
      "/explore/assets/missing.js",
      "/explore/%2e%2e/package.json",
      "/explore/../package.json",
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).errors[0]?.extensions.code).toBe("NOT_FOUND");
    }
    const post = await fetch(`${server.url}/explore/`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(((await post.json()) as ErrorBody).errors[0]?.extensions.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("an explorer whose bundle is missing", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "explorer-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("answers 503 EXPLORER_UNAVAILABLE when it cannot be built, saying how to build it", async () => {
    const assets = new ExplorerAssets({
      distDir: join(scratch, "none"),
      sourceDir: join(scratch, "none"),
      build: false,
    });
    const { status, headers, body } = await serve(assets, "/explore/");
    expect(status).toBe(503);
    expect(headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(body.errors[0]?.extensions.code).toBe("EXPLORER_UNAVAILABLE");
    expect(body.errors[0]?.message).toContain("npm run build:explorer");
  });

  it("answers 503 EXPLORER_BUILDING with Retry-After while it builds, then serves what was built", async () => {
    const sources = join(scratch, "sources");
    mkdirSync(sources, { recursive: true });
    writeFileSync(join(sources, "main.ts"), "// source");
    let finish = () => {};
    const built = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const builds: string[] = [];
    const options: ExplorerOptions = {
      distDir: join(scratch, "dist"),
      sourceDir: sources,
      log: () => {},
      build: async (outDir) => {
        builds.push(outDir);
        await built;
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, "index.html"), "<!doctype html><title>built</title>");
      },
    };
    const assets = new ExplorerAssets(options);
    const during = await serve(assets, "/explore");
    expect(during.status).toBe(503);
    expect(during.headers["retry-after"]).toBe("2");
    expect(during.body.errors[0]?.extensions.code).toBe("EXPLORER_BUILDING");
    // A browser gets a page that says the same and reloads itself.
    const page = await serve(assets, "/explore", { accept: "text/html" });
    expect(page.status).toBe(503);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.text).toContain('<meta http-equiv="refresh" content="2">');
    expect(page.text).toContain("EXPLORER_BUILDING");
    // A second request while building starts no second build.
    expect((await serve(assets, "/explore")).status).toBe(503);
    expect(builds).toHaveLength(1);
    finish();
    expect(await assets.ready()).toEqual({ state: "ready", files: 1 });
    const after = await serve(assets, "/explore");
    expect(after.status).toBe(200);
    expect(after.text).toContain("<title>built</title>");

    // Sources newer than the bundle: the next explorer rebuilds it.
    const later = Date.now() / 1000 + 60;
    utimesSync(join(sources, "main.ts"), later, later);
    const rebuilding = new ExplorerAssets(options);
    expect(rebuilding.check()).toEqual({ state: "building" });
    await rebuilding.ready();
    expect(builds).toHaveLength(2);
  });

  it("answers 503 EXPLORER_UNAVAILABLE when the build fails, and logs why", async () => {
    const lines: string[] = [];
    const assets = new ExplorerAssets({
      distDir: join(scratch, "failed"),
      sourceDir: scratch,
      log: (line) => lines.push(line),
      build: async () => {
        throw new Error("syntax error in main.ts");
      },
    });
    expect(await assets.ready()).toMatchObject({ state: "unavailable" });
    const { status, body } = await serve(assets, "/explore/");
    expect(status).toBe(503);
    expect(body.errors[0]?.extensions.code).toBe("EXPLORER_UNAVAILABLE");
    expect(lines.join("\n")).toContain("syntax error in main.ts");
  });
});

describe("the explorer's operations", () => {
  const names = Object.keys(OPERATIONS) as OperationName[];

  it("are all named queries, one per name", () => {
    for (const name of names) {
      expect(OPERATIONS[name]).toMatch(new RegExp(`^query ${name}\\b`));
    }
  });

  it.each(names)("%s validates against the schema and stays well under the node budget", (name) => {
    const document = parse(OPERATIONS[name]);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    const cost = queryCost(schema, document, EXAMPLE_VARIABLES[name], name, store.stats());
    // A quarter of the budget at most, so a larger graph or lower MAX_QUERY_COST still leaves room.
    expect(cost).toBeLessThan(DEFAULT_LIMITS.maxCost / 4);
  });

  it.each(names)("%s answers data without errors on the seed, through the server", async (name) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: OPERATIONS[name],
        operationName: name,
        variables: EXAMPLE_VARIABLES[name],
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(longestList(body.data)).toBeGreaterThan(0);
    for (const value of Object.values(body.data ?? {})) expect(value).not.toBeNull();
  });
});

describe("GraphiQL's saved examples", () => {
  it.each(GRAPHIQL_EXAMPLES.map((example) => [example.name, example] as const))(
    "%s runs on the seed without errors",
    async (name, example) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: example.query,
          operationName: name,
          variables: example.variables ? JSON.parse(example.variables) : {},
        }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(longestList(body.data)).toBeGreaterThan(0);
    },
  );

  it("are tabs of the page after the default query, whose title bar links to the explorer", async () => {
    const html = await (await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } })).text();
    expect(html).toContain("<title>SCO knowledge graph</title>");
    expect(html).toContain('"defaultTabs":[{"query":"# Xi Jinping');
    for (const example of GRAPHIQL_EXAMPLES) expect(html).toContain(`query ${example.name}`);
    expect(html).toContain('<a href=\\"/explore\\"');
  });
});

/** A JSON error body as the server sends it. */
interface ErrorBody {
  errors: { message: string; extensions: { code: string } }[];
}

/** The length of the longest list anywhere in a value (0 when it holds none): "non-empty data". */
function longestList(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const own = Array.isArray(value) ? value.length : 0;
  return Math.max(own, ...Object.values(value).map(longestList));
}

/** GET a URL over raw HTTP, so a compressed body is seen as it was sent. */
async function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** Serve one request from an explorer on a throwaway server and read the answer. */
async function serve(
  assets: ExplorerAssets,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: ErrorBody; text: string }> {
  const listener: Server = createServer((req, res) => {
    void assets.answer(req, res, new URL(req.url ?? "/", "http://localhost").pathname);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(listener.address() as AddressInfo).port}${path}`, {
      headers,
    });
    const text = await response.text();
    let body: ErrorBody = { errors: [] };
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      // a page, not an error
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), body, text };
  } finally {
    await new Promise((resolve) => listener.close(resolve));
  }
}
