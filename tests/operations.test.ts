import { request as httpRequest } from "node:http";
import { type Audit, serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/http/server.ts";
import { store } from "./support/api.ts";

describe("GraphQL over HTTP conformance (graphql-http server audits, over a real socket)", () => {
  let server: RunningServer;
  let audits: Audit[];
  beforeAll(async () => {
    server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
    audits = serverAudits({ url: `${server.url}/graphql` });
  });
  afterAll(async () => {
    await server.close();
  });

  it("runs the whole suite", () => {
    expect(audits.length).toBeGreaterThan(50);
  });

  it("passes every MUST audit", async () => {
    const failed: string[] = [];
    for (const audit of audits.filter((a) => a.name.startsWith("MUST"))) {
      const result = await audit.fn();
      if (result.status !== "ok") failed.push(`${audit.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });

  it("passes every SHOULD and MAY audit too (none is waived in the README)", async () => {
    const notOk: string[] = [];
    for (const audit of audits.filter((a) => !a.name.startsWith("MUST"))) {
      const result = await audit.fn();
      if (result.status !== "ok") notOk.push(`${audit.name}: ${result.reason}`);
    }
    expect(notOk).toEqual([]);
  });
});

describe("liveness, readiness and draining", () => {
  it("is live but not ready until the graph is served, and answers GraphQL with 503 NOT_READY meanwhile", async () => {
    const server = await startServer(null, "127.0.0.1", 0, { log: () => {} });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const notReady = await fetch(`${server.url}/ready`);
      expect([notReady.status, await notReady.json()]).toEqual([503, { ready: false }]);
      const early = await fetch(`${server.url}/graphql?query={__typename}`);
      expect(early.status).toBe(503);
      expect(early.headers.get("retry-after")).toBe("1");
      expect(
        ((await early.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe("NOT_READY");
      server.serve(store);
      const ready = await fetch(`${server.url}/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);
    } finally {
      await server.close();
    }
  });

  it("drains on close: an in-flight request completes, new connections are refused", async () => {
    const server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
    const body = JSON.stringify({ query: `{ entity(slug: "china") { name } }` });
    const half = Math.floor(body.length / 2);
    // Start a request and send only half its body, so it is in flight when close() is called.
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/graphql`,
        {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, half));
      setTimeout(() => req.end(body.slice(half)), 100);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const closed = server.close();
    // The listening socket closes once connections already queued in the backlog are accepted (a turn or two).
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = await fetch(`${server.url}/ready`).catch(() => null);
    expect(ready).toBeNull(); // the listening socket is closed: no new connections
    const result = await reply;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ data: { entity: { name: "China" } } });
    await closed;
  });
});
