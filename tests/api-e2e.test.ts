import { type ChildProcess, spawn } from "node:child_process";
import { getIntrospectionQuery } from "graphql";
import { GraphQLClient, gql } from "graphql-request";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/http/server.ts";
import { DEFAULT_QUERY } from "../src/http/yoga.ts";
import { store } from "./support/api.ts";
import { writeSeed } from "./support/seed-fixture.ts";

let server: RunningServer;
let client: GraphQLClient;

beforeAll(async () => {
  server = await startServer(store, "127.0.0.1", 0);
  client = new GraphQLClient(`${server.url}/graphql`);
});
afterAll(async () => {
  await server.close();
});

describe("end to end over HTTP on 127.0.0.1", () => {
  it("answers GraphiQL's default query with Xi Jinping's four community initiatives, pledges and sentences", async () => {
    const data = await client.request<{
      entity: {
        name: string;
        proposed: {
          nodes: {
            name: string;
            commitments: { nodes: { commitmentKind: string; evidence: { sentence: string }[] }[] };
          }[];
        };
      };
    }>(DEFAULT_QUERY);
    expect(data.entity.name).toBe("Xi Jinping");
    const initiatives = data.entity.proposed.nodes;
    const names = initiatives.map((i) => i.name.toLowerCase());
    for (const theme of ["health", "security", "development", "cultural exchanges"]) {
      expect(
        names.some((name) => name.includes(theme)),
        theme,
      ).toBe(true);
    }
    const commitments = initiatives.flatMap((i) => i.commitments.nodes);
    expect(commitments.some((c) => c.commitmentKind === "PLEDGE")).toBe(true);
    for (const commitment of commitments) expect(commitment.evidence[0]?.sentence.length).toBeGreaterThan(20);
  });

  it("supports variables and typed results through graphql-request", async () => {
    const query = gql`
      query Commitment($slug: String!) {
        entity(slug: $slug) {
          ... on Commitment { statement commitmentKind place { slug } timeframe { start end precision raw } }
        }
      }
    `;
    const data = await client.request<{ entity: Record<string, unknown> }>(query, {
      slug: "china-pledge-host-digital-economy-forum",
    });
    expect(data.entity).toMatchObject({
      commitmentKind: "PLEDGE",
      place: { slug: "chongqing" },
      timeframe: { start: "2021", end: "2021", precision: "YEAR", raw: "next year" },
    });
  });

  it("reports errors with codes to the client", async () => {
    await expect(client.request(`{ entity(slug: "atlantis") { name } }`)).rejects.toMatchObject({
      response: {
        errors: [expect.objectContaining({ extensions: { code: "NOT_FOUND", slug: "atlantis" } })],
      },
    });
  });

  it("answers introspection", async () => {
    const data = await client.request<{ __schema: { types: { name: string }[] } }>(getIntrospectionQuery());
    const names = data.__schema.types.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["Entity", "Actor", "Commitment", "Evidence", "RelationType"]),
    );
  });

  it("serves GraphiQL to a browser and /health to probes", async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).toContain("LeaderInitiatives");
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe("npm start", () => {
  const children: ChildProcess[] = [];
  /** Start src/main.ts as npm start does; every child is killed after its test, even a failing one. */
  const startMain = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, ...env },
    });
    children.push(child);
    return child;
  };
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("refuses to start on a bad seed, printing the checker's messages", async () => {
    const dir = writeSeed({ "g.yaml": "entities:\n  - id: x\n    kind: WIZARD\n" });
    const child = startMain({ SEED_DIR: dir, PORT: "0" });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/refusing to start/);
    expect(stderr).toMatch(/g\.yaml:3: unknown entity kind "WIZARD"/);
  });

  it("logs counts and the GraphiQL address, serves, and exits 0 on SIGTERM", async () => {
    const child = startMain({ HOST: "127.0.0.1", PORT: "0" });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
      child.on("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    expect(line).toMatch(
      /^serving \d+ entities and \d+ relations from 1 source\(s\); GraphiQL at http:\/\/127\.0\.0\.1:\d+\/graphql$/,
    );
    const url = line.split("GraphiQL at ")[1] ?? "";
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ entity(slug: "china") { name } }' }),
    });
    expect(await response.json()).toEqual({ data: { entity: { name: "China" } } });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
