import { request as httpRequest } from "node:http";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../src/config.ts";
import type { GraphStore } from "../src/graph/store.ts";
import { type RunningServer, startServer } from "../src/http/server.ts";
import { globalId, store } from "./support/api.ts";

/** A response as the adversarial cases inspect it. */
interface Reply {
  status: number;
  body: string;
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

const logLines: string[] = [];
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(store, "127.0.0.1", 0, { log: (line) => logLines.push(line) });
});
afterAll(async () => {
  await server.close();
});

/** POST a raw body to /graphql, asking for the GraphQL-over-HTTP media type. */
async function post(body: string, url = `${server.url}/graphql`): Promise<Reply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body,
  });
  const text = await response.text();
  let json: Reply["json"] = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, body: text, json };
}

/** POST one operation. */
function query(source: string, variables: Record<string, unknown> = {}, url?: string): Promise<Reply> {
  return post(JSON.stringify({ query: source, variables }), url);
}

/** The first error's code. */
const codeOf = (reply: Reply) => reply.json?.errors?.[0]?.extensions?.code;

/** A selection nested `levels` times through the actor → commitment → actor cycle. */
function cycle(levels: number, first = 1): string {
  let inner = "name";
  for (let i = 0; i < levels; i++) {
    inner = `... on Actor { commitments(first: ${first}) { nodes { committedBy(first: ${first}) { nodes { ${inner} } } } } }`;
  }
  return `{ entity(slug: "china") { ${inner} } }`;
}

describe("adversarial requests: each is rejected with the right status, code and message", () => {
  it("deep nesting through the cycle → 400 QUERY_TOO_DEEP", async () => {
    const reply = await query(cycle(4));
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toBe("QUERY_TOO_DEEP");
    expect(reply.json?.errors?.[0]?.message).toMatch(/depth limit of 12/);
    expect(reply.json?.errors?.[0]?.extensions?.limit).toBe(12);
  });

  it("large nested first literals → 400 QUERY_TOO_COMPLEX with the computed cost", async () => {
    const reply = await query(
      `{ entities(first: 100) { nodes { relations(first: 100) { nodes { to { relations(first: 100) { nodes { type } } } } } } } }`,
    );
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toBe("QUERY_TOO_COMPLEX");
    // 1 connection + 100 × (entity + its relations connection + 100 × (relation + `to` + its connection + 100))
    expect(reply.json?.errors?.[0]?.extensions).toMatchObject({ cost: 1_030_201, limit: 50_000 });
    expect(reply.json?.errors?.[0]?.message).toMatch(/1030201 objects, over the limit of 50000/);
  });

  it("the same with first from variables, also on a second request of the same document", async () => {
    const document = `query($a: Int, $b: Int, $c: Int) { entities(first: $a) { nodes { relations(first: $b) { nodes { to { relations(first: $c) { nodes { type } } } } } } } }`;
    const big = await query(document, { a: 100, b: 100, c: 100 });
    expect([big.status, codeOf(big)]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    const small = await query(document, { a: 2, b: 2, c: 2 });
    expect(small.status).toBe(200);
    expect(small.json?.errors).toBeUndefined();
    const bigAgain = await query(document, { a: 100, b: 100, c: 5 });
    expect([bigAgain.status, codeOf(bigAgain)]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    // 1 connection + a × (entity + connection + b × (relation + `to` + connection + c relations))
    expect(bigAgain.json?.errors?.[0]?.extensions?.cost).toBe(1 + 100 * (2 + 100 * (3 + 5)));
  });

  it("first: 101 and first: -1 → BAD_USER_INPUT naming the limit", async () => {
    for (const first of [101, -1]) {
      const reply = await query(`query($n: Int) { entities(first: $n) { totalCount } }`, { n: first });
      expect(reply.status).toBe(200); // a field error during execution: the request itself was valid
      expect(codeOf(reply)).toBe("BAD_USER_INPUT");
      expect(reply.json?.errors?.[0]?.message).toBe(`\`first\` must be between 0 and 100, got ${first}`);
    }
  });

  it("16 aliases → 400 TOO_MANY_ALIASES", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: entity(slug: "china") { name }`).join(" ");
    const reply = await query(`{ ${aliases} }`);
    expect([reply.status, codeOf(reply)]).toEqual([400, "TOO_MANY_ALIASES"]);
    expect(reply.json?.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
    const fifteen = await query(
      `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: entity(slug: "china") { name }`).join(" ")} }`,
    );
    expect(fifteen.status).toBe(200);
  });

  it("51 directives → 400 TOO_MANY_DIRECTIVES", async () => {
    const reply = await query(`{ __typename ${"@include(if: true) ".repeat(51)} }`);
    expect([reply.status, codeOf(reply)]).toEqual([400, "TOO_MANY_DIRECTIVES"]);
    expect(reply.json?.errors?.[0]?.message).toMatch(/Directives limit of 50 exceeded/);
  });

  it("2 001 tokens → 400 TOO_MANY_TOKENS", async () => {
    // `{` + 1 999 × `__typename` + `}` = 2 001 tokens.
    const reply = await query(`{ ${"__typename ".repeat(1999)}}`);
    expect([reply.status, codeOf(reply)]).toEqual([400, "TOO_MANY_TOKENS"]);
    expect(reply.json?.errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
  });

  it("self-referencing fragments → 400 GRAPHQL_VALIDATION_FAILED", async () => {
    const reply = await query(
      `{ entity(slug: "china") { ...A } } fragment A on Entity { name ...B } fragment B on Entity { ...A }`,
    );
    expect([reply.status, codeOf(reply)]).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(reply.json?.errors?.map((e) => e.message).join(" ")).toMatch(
      /Cannot spread fragment "A" within itself/,
    );
  });

  it("a deep introspection cycle → 400 GRAPHQL_VALIDATION_FAILED (graphql-js's introspection depth rule)", async () => {
    let inner = "name";
    for (let i = 0; i < 8; i++) inner = `fields { type { ${inner} } }`;
    const reply = await query(`{ __schema { types { ${inner} } } }`);
    expect([reply.status, codeOf(reply)]).toEqual([400, "GRAPHQL_VALIDATION_FAILED"]);
    expect(reply.json?.errors?.[0]?.message).toBe("Maximum introspection depth exceeded");
  });

  it("the full introspection query still answers 200", async () => {
    const reply = await query(getIntrospectionQuery());
    expect(reply.status).toBe(200);
    expect(reply.json?.errors).toBeUndefined();
    expect(JSON.stringify(reply.json?.data)).toContain('"name":"Commitment"');
  });

  it("a JSON array of operations → 400 BAD_REQUEST (batching is off)", async () => {
    const reply = await post(JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]));
    expect([reply.status, codeOf(reply)]).toEqual([400, "BAD_REQUEST"]);
    expect(reply.json?.errors?.[0]?.message).toBe("Batching is not supported.");
  });

  it("a 200 KB body → 413 PAYLOAD_TOO_LARGE, with or without a content-length", async () => {
    const body = JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(200 * 1024) } });
    const reply = await post(body);
    expect([reply.status, codeOf(reply)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(reply.json?.errors?.[0]?.message).toBe("Request body is larger than the limit of 102400 bytes.");
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/graphql`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 20; i++) req.write("x".repeat(10 * 1024)); // no content-length: chunked encoding
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it("malformed JSON → 400 BAD_REQUEST", async () => {
    const reply = await post(`{"query": "{ __typename `);
    expect([reply.status, codeOf(reply)]).toEqual([400, "BAD_REQUEST"]);
  });

  it("a mutation over GET → 405", async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("mutation { x }")}`, {
      headers: { accept: "application/graphql-response+json" },
    });
    const json = (await response.json()) as Reply["json"];
    expect(response.status).toBe(405);
    expect(json?.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
  });

  it("neighborhood(depth: 9) → BAD_USER_INPUT", async () => {
    const reply = await query(`query($id: ID!) { neighborhood(id: $id, depth: 9) { truncated } }`, {
      id: globalId("Person", "xi-jinping"),
    });
    expect(codeOf(reply)).toBe("BAD_USER_INPUT");
    expect(reply.json?.errors?.[0]?.message).toBe("`depth` must be between 1 and 3, got 9");
  });

  it("an invalid global id → BAD_USER_INPUT", async () => {
    const reply = await query(`{ node(id: "definitely-not-an-id") { id } }`);
    expect(codeOf(reply)).toBe("BAD_USER_INPUT");
  });

  it("a 64 KB string argument to search → BAD_USER_INPUT naming the limit", async () => {
    const reply = await query(`{ search(query: "${"a".repeat(64 * 1024)}") { totalCount } }`);
    expect(codeOf(reply)).toBe("BAD_USER_INPUT");
    expect(reply.json?.errors?.[0]?.extensions?.limit).toBe(200);
  });

  it("after all of that, the server still answers a normal query correctly", async () => {
    const reply = await query(`{ entity(slug: "xi-jinping") { name } }`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ data: { entity: { name: "Xi Jinping" } } });
  });

  it("logged one structured line per failed request, none per success", async () => {
    const before = logLines.length;
    await query(`{ entity(slug: "xi-jinping") { name } }`);
    expect(logLines.length).toBe(before);
    await query(`{ entity(slug: "atlantis") { name } }`);
    expect(logLines.length).toBe(before + 1);
    const line = JSON.parse(logLines[logLines.length - 1] ?? "{}");
    expect(line).toMatchObject({ level: "warn", msg: "request failed", errors: [{ code: "NOT_FOUND" }] });
  });
});

describe("errors that must not leak", () => {
  it("masks an unexpected resolver error: no secret, no stack, code INTERNAL_SERVER_ERROR", async () => {
    const failing: GraphStore = {
      ...store,
      loadNodes: () => {
        throw new Error("connection to db://admin:hunter2@10.0.0.1 failed");
      },
      listEntityIds: (kinds) => store.listEntityIds(kinds),
      pageEntityIds: (kinds, offset, limit) => store.pageEntityIds(kinds, offset, limit),
      loadEdges: (keys) => store.loadEdges(keys),
      loadRelations: (ids) => store.loadRelations(ids),
      loadSources: (ids) => store.loadSources(ids),
      search: (q, kinds) => store.search(q, kinds),
      stats: () => store.stats(),
    };
    const lines: string[] = [];
    const leaky = await startServer(failing, "127.0.0.1", 0, { log: (line) => lines.push(line) });
    try {
      const reply = await query(`{ entity(slug: "china") { name } }`, {}, `${leaky.url}/graphql`);
      expect(reply.body).not.toMatch(/hunter2|db:\/\/|at .*\.ts/);
      expect(reply.json?.errors?.[0]).toMatchObject({
        message: "Unexpected error.",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      // The operator, not the client, gets the real message.
      expect(lines.join("\n")).toMatch(/hunter2/);
    } finally {
      await leaky.close();
    }
  });
});

describe("execution timeout", () => {
  it("a query that runs past the limit → 504 EXECUTION_TIMEOUT", async () => {
    const slow: GraphStore = {
      ...store,
      listEntityIds: (kinds) => store.listEntityIds(kinds),
      pageEntityIds: (kinds, offset, limit) => store.pageEntityIds(kinds, offset, limit),
      loadNodes: (ids) => store.loadNodes(ids),
      loadRelations: (ids) => store.loadRelations(ids),
      loadSources: (ids) => store.loadSources(ids),
      search: (q, kinds) => store.search(q, kinds),
      stats: () => store.stats(),
      loadEdges: async (keys) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return store.loadEdges(keys);
      },
    };
    const limited = await startServer(slow, "127.0.0.1", 0, {
      limits: { ...DEFAULT_LIMITS, timeoutMs: 20 },
      log: () => {},
    });
    try {
      const reply = await query(
        `query($id: ID!) { neighborhood(id: $id, depth: 3) { nodes { name } } }`,
        { id: globalId("Person", "xi-jinping") },
        `${limited.url}/graphql`,
      );
      expect(reply.status).toBe(504);
      expect(reply.json?.errors?.[0]).toMatchObject({
        message: "Execution timed out: the query ran longer than the limit of 20 ms.",
        extensions: { code: "EXECUTION_TIMEOUT", limit: 20 },
      });
      const quick = await query(`{ entity(slug: "china") { name } }`, {}, `${limited.url}/graphql`);
      expect(quick.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
