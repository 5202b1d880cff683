/**
 * One test per class of defect the outside attack run found (issue 9); each failed before its fix. Servers listen
 * on 127.0.0.1 on a free port and close when the test ends.
 */
import { Agent, request as httpRequest } from "node:http";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { BoundedCache } from "../src/http/bounded-cache.ts";
import { fieldMergeComparisons } from "../src/http/plugins/field-merge-limit.ts";
import { type RunningServer, saysLater, startServer } from "../src/http/server.ts";
import { globalId } from "./support/api.ts";
import { type Answer, codes, post, running, send, serve } from "./support/http.ts";

/** How long /health takes to answer while `during` runs, at its slowest. */
async function slowestHealthDuring(server: RunningServer, during: Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  const watched = during.finally(() => {
    done = true;
  });
  while (!done) {
    const started = performance.now();
    const answer = await send(server, { method: "GET", path: "/health" });
    expect(answer.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
  }
  await watched;
  return slowest;
}

describe("1. fragments that spread each other are priced once, not expanded", () => {
  it("refuses a 40-fragment doubling chain with 400 QUERY_TOO_COMPLEX while /health keeps answering", async () => {
    const server = await serve();
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39
        ? `fragment F${i} on Query { entity(slug: "china") { name } }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const attack = post(server, { query: `{ ...F0 } ${fragments.join(" ")}` });
    // A hang-catching bound (normal is a few ms): before the fix this request never finished.
    const slowest = await slowestHealthDuring(server, attack);
    const answer = await attack;
    expect([answer.status, codes(answer)]).toEqual([400, ["QUERY_TOO_COMPLEX"]]);
    expect(slowest).toBeLessThan(2_000);
  });
});

describe("1b. repeated fields cannot make validation run long", () => {
  it("estimates graphql-js's field-pair comparisons level by level, fragments flattened", () => {
    const copies = (n: number, selection: string) => Array.from({ length: n }, () => selection).join(" ");
    const flat = parse(`{ entity(slug: "x") { ${copies(10, "relations { nodes { type } }")} } }`);
    // 10 copies of relations, then 10 of nodes merged under them, then 10 of type: C(10, 2) at each level.
    expect(fieldMergeComparisons(flat.definitions)).toBe(3 * 45);
    const viaFragment = parse(
      `{ entity(slug: "x") { ${copies(10, "...F")} } } fragment F on Entity { name }`,
    );
    expect(fieldMergeComparisons(viaFragment.definitions)).toBe(45);
  });

  it("refuses 280 copies of a nested field (2,000 tokens, ~200 ms of validation) with 400 before validating", async () => {
    const server = await serve();
    const copies = Array.from({ length: 280 }, () => "relations { nodes { type } }").join(" ");
    const started = performance.now();
    const answer = await post(server, { query: `{ entity(slug: "china") { ${copies} } }` });
    expect([answer.status, codes(answer)]).toEqual([400, ["QUERY_TOO_COMPLEX"]]);
    expect(performance.now() - started).toBeLessThan(2_000);
    const ordinary = await post(server, {
      query: `{ entity(slug: "china") { name relations(first: 2) { nodes { type } } } }`,
    });
    expect(ordinary.status).toBe(200);
  });
});

describe("2. list arguments count by their real length", () => {
  it("takes at most 100 ids in nodes(ids:) and prices them one object each", async () => {
    const server = await serve();
    const ids = Array.from({ length: 101 }, () => globalId("Country", "china"));
    const tooMany = await post(server, {
      query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids },
    });
    expect([tooMany.status, codes(tooMany)]).toEqual([400, ["BAD_USER_INPUT"]]);
    expect(tooMany.body).toMatch(/at most 100/);
    const hundred = await post(server, {
      query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids: ids.slice(1) },
    });
    expect(hundred.status).toBe(200);
    expect((JSON.parse(hundred.body) as { data: { nodes: unknown[] } }).data.nodes).toHaveLength(100);
    // 100 ids × an evidence-heavy selection is over the budget, which a fixed "5 items" never saw.
    const heavy = await post(server, {
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { relations(first: 100) { nodes { evidence { document { title } } } } } } }`,
      variables: { ids: ids.slice(1) },
    });
    expect([heavy.status, codes(heavy)]).toEqual([400, ["QUERY_TOO_COMPLEX"]]);
  });
});

describe("2b. a list argument naming a value twice means it once", () => {
  it("lists each relation once for relations(types: [MAKES, MAKES])", async () => {
    const server = await serve();
    const answer = await post(server, {
      query: `{ entity(slug: "xi-jinping") { twice: relations(types: [MAKES, MAKES], first: 100) { totalCount nodes { id } } once: relations(types: [MAKES], first: 100) { totalCount } } }`,
    });
    const entity = (
      JSON.parse(answer.body) as {
        data: {
          entity: { twice: { totalCount: number; nodes: { id: string }[] }; once: { totalCount: number } };
        };
      }
    ).data.entity;
    expect(entity.once.totalCount).toBeGreaterThan(1);
    expect(entity.twice.totalCount).toBe(entity.once.totalCount);
    expect(new Set(entity.twice.nodes.map((node) => node.id)).size).toBe(entity.twice.nodes.length);
  });
});

describe("3. jit answers the operation that was asked for", () => {
  const document = `query A { entity(slug: "china") { slug } } query B { entity(slug: "who") { slug } }`;
  for (const responseCache of [false, true]) {
    it(`answers A and B right, in both orders (response cache ${responseCache ? "on" : "off"})`, async () => {
      for (const order of [
        ["A", "B"],
        ["B", "A"],
      ]) {
        const server = await serve({ jit: true, responseCache });
        for (const operationName of [...order, ...order]) {
          const answer = await post(server, { query: document, operationName });
          const expected = operationName === "A" ? "china" : "who";
          expect(JSON.parse(answer.body)).toEqual({ data: { entity: { slug: expected } } });
        }
      }
    });
  }
});

describe("3b. jit answers byte for byte as graphql-js, and never compiles an exponential expansion", () => {
  const cases: [string, Record<string, unknown>][] = [
    // jit ignored the default of a non-null variable.
    ["query($n: Int! = 3) { entities(first: $n) { totalCount nodes { slug } } }", {}],
    // jit drops error locations and orders data before errors.
    [`{ nodes(ids: [""]) { id } }`, {}],
    // jit reported every sibling's error where graphql-js reports the first.
    [
      `{ entity(slug: "china") { evidence { document { authors(after: "abc", first: 1) { totalCount } } } } }`,
      {},
    ],
  ];
  it("gives the same status and bytes with jit on and off", async () => {
    const [withJit, withoutJit] = await Promise.all([
      serve({ jit: true, responseCache: false }),
      serve({ jit: false, responseCache: false }),
    ]);
    for (const [query, variables] of cases) {
      const [a, b] = await Promise.all([
        post(withJit, { query, variables }),
        post(withoutJit, { query, variables }),
      ]);
      expect([a.status, a.body], query).toEqual([b.status, b.body]);
    }
  });

  it("refuses a 24-fragment chain of scalar spreads at once, before validation or a jit compile", async () => {
    const server = await serve({ jit: true, responseCache: false });
    const fragments = Array.from({ length: 24 }, (_, i) =>
      i === 23
        ? `fragment F${i} on Entity { slug }`
        : `fragment F${i} on Entity { slug ...F${i + 1} ...F${i + 1} }`,
    );
    const started = performance.now();
    const answer = await post(server, {
      query: `{ entity(slug: "china") { ...F0 } } ${fragments.join(" ")}`,
    });
    // Compiling it with jit took seconds and doubled with each fragment; a hang-catching bound is enough here.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect([answer.status, codes(answer)]).toEqual([400, ["QUERY_TOO_COMPLEX"]]);
    // A short chain is an ordinary document and answers.
    const short = await post(server, {
      query: `{ entity(slug: "china") { ...F21 } } ${fragments.slice(21).join(" ")}`,
    });
    expect(JSON.parse(short.body)).toEqual({ data: { entity: { slug: "china" } } });
  });
});

describe("4. the response cache never replays one client's headers to another", () => {
  const body = { query: `{ entity(slug: "china") { name } }` };
  it("answers CORS for each origin, cache hit or miss, with an allow-list", async () => {
    const server = await serve({ corsOrigins: ["https://a.example", "https://b.example"] });
    const seen: [string, string | undefined, string | undefined][] = [];
    for (const origin of [
      "https://a.example",
      "https://b.example",
      "https://c.example",
      "https://a.example",
    ]) {
      const answer = await post(server, body, { origin });
      expect(answer.status).toBe(200);
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
      seen.push([
        origin,
        answer.headers["access-control-allow-origin"] as string | undefined,
        answer.headers.vary,
      ]);
    }
    expect(seen).toEqual([
      ["https://a.example", "https://a.example", "Origin, Accept-Encoding"],
      ["https://b.example", "https://b.example", "Origin, Accept-Encoding"],
      ["https://c.example", undefined, "Origin, Accept-Encoding"],
      ["https://a.example", "https://a.example", "Origin, Accept-Encoding"],
    ]);
  });

  it("keeps a 415 a 415 after the JSON twin of its body was cached", async () => {
    const server = await serve();
    expect((await post(server, body)).status).toBe(200);
    expect((await post(server, body)).status).toBe(200);
    for (const contentType of ["text/plain", "text/plain; x=application/json", "application/jsonx"]) {
      const answer = await post(server, body, { "content-type": contentType });
      expect([answer.status, codes(answer)], contentType).toEqual([415, ["UNSUPPORTED_MEDIA_TYPE"]]);
    }
  });
});

describe("5. everything refused before execution is 4xx with a code, jit on or off", () => {
  for (const jit of [true, false]) {
    it(`invalid variables → 400 BAD_USER_INPUT (jit ${jit ? "on" : "off"})`, async () => {
      const server = await serve({ jit });
      const query = "query($slug: String!) { entity(slug: $slug) { name } }";
      for (const variables of [{ slug: 5 }, {}, { slug: ["a"] }]) {
        const answer = await post(server, { query, variables });
        expect([answer.status, codes(answer)], JSON.stringify(variables)).toEqual([400, ["BAD_USER_INPUT"]]);
      }
      const ambiguous = await post(server, { query: "query A { __typename } query B { __typename }" });
      expect([ambiguous.status, codes(ambiguous)]).toEqual([400, ["OPERATION_RESOLUTION_FAILURE"]]);
      const unknown = await post(server, { query: "query A { __typename }", operationName: "Z" });
      expect([unknown.status, codes(unknown)]).toEqual([400, ["OPERATION_RESOLUTION_FAILURE"]]);
    });
  }
});

describe("6. every error body is JSON with a code, echoes no request bytes, and 5xx are logged", () => {
  it("malformed JSON is a 400 that does not quote the body, in development mode too", async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "development";
    try {
      const server = await serve();
      const secret = "SECRET-MARKER-7f3a";
      const answer = await send(server, {
        headers: { "content-type": "application/json" },
        body: `{"query": "{ __typename }", "x": "${secret}" ${"y".repeat(5_000)}`,
      });
      expect([answer.status, codes(answer)]).toEqual([400, ["BAD_REQUEST"]]);
      expect(answer.body).not.toContain(secret);
      expect(answer.body.length).toBeLessThan(500);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it("404, 405, 415, 431 and an unparsable URL each answer a JSON error with a code", async () => {
    const server = await serve();
    const cases: [string, Promise<Answer>, number, string][] = [
      ["unknown path", send(server, { method: "GET", path: "/nope" }), 404, "NOT_FOUND"],
      ["unparsable URL", send(server, { method: "GET", path: "//" }), 400, "BAD_REQUEST"],
      [
        "wrong media type",
        send(server, { headers: { "content-type": "text/plain" }, body: "{}" }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        "PUT",
        send(server, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }),
        405,
        "BAD_REQUEST",
      ],
      [
        "huge header",
        send(server, { method: "GET", path: "/graphql", headers: { "x-big": "a".repeat(20_000) } }),
        431,
        "HEADERS_TOO_LARGE",
      ],
    ];
    for (const [label, pending, status, code] of cases) {
      const answer = await pending;
      expect([answer.status, answer.headers["content-type"]], label).toEqual([
        status,
        expect.stringContaining("json"),
      ]);
      expect(codes(answer), label).toEqual([code]);
    }
  });

  it("writes one log line for a 5xx answer", async () => {
    const lines: string[] = [];
    const server = await startServer(null, "127.0.0.1", 0, { log: (line) => lines.push(line) });
    running.push(server);
    const answer = await post(server, { query: "{ __typename }" });
    expect([answer.status, codes(answer)]).toEqual([503, ["NOT_READY"]]);
    const serverErrors = lines.map((line) => JSON.parse(line)).filter((line) => line.status >= 500);
    expect(serverErrors).toEqual([expect.objectContaining({ level: "error", status: 503, url: "/graphql" })]);
  });

  it("does not log the 503s that say 'later': a probe's, and the explorer's while its bundle builds", () => {
    expect(saysLater(503, "/ready", false)).toBe(true);
    expect(saysLater(503, "/explore", true)).toBe(true);
    expect(saysLater(503, "/explore/assets/index.js", true)).toBe(true);
    // A failed explorer build has no Retry-After: the operator must hear of it, as of every other 5xx.
    expect(saysLater(503, "/explore", false)).toBe(false);
    expect(saysLater(503, "/graphql", true)).toBe(false);
    expect(saysLater(500, "/ready", true)).toBe(false);
    expect(saysLater(503, "/explorer", true)).toBe(false);
    expect(saysLater(503, null, true)).toBe(false);
  });
});

describe("413 reaches a client that is still sending", () => {
  it("answers a chunked 300 KB body with 413, never a broken pipe", async () => {
    const server = await serve();
    const { port } = new URL(server.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/graphql",
            headers: { "content-type": "application/json" },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        const chunk = "x".repeat(16 * 1024);
        for (let i = 0; i < 19; i++) req.write(chunk);
        req.end();
      });
      expect(status).toBe(413);
    }
  });
});

describe("9. draining answers keep-alive requests instead of resetting them", () => {
  it("100 keep-alive connections under load: zero resets, every request answered", async () => {
    // A second of grace: on two busy cores a client may take tens of milliseconds between two requests.
    const server = await serve({ responseCache: false, drainIdleGraceMs: 1_000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 100 });
    const payload = JSON.stringify({ query: `{ entity(slug: "china") { name } }` });
    let sent = 0;
    let answered = 0;
    const failures: string[] = [];
    const warmed = new Set<number>();
    const client = async (_: unknown, id: number) => {
      for (;;) {
        sent++;
        try {
          const answer = await send(server, {
            agent,
            headers: { "content-type": "application/json" },
            body: payload,
          });
          expect(answer.status).toBe(200);
          answered++;
          warmed.add(id);
          if (answer.headers.connection === "close") return;
        } catch (error) {
          failures.push((error as NodeJS.ErrnoException).code ?? String(error));
          return;
        }
      }
    };
    const clients = Array.from({ length: 100 }, client);
    // Drain once every connection is open and in use (keep-alive connections are what this class is about).
    while (warmed.size < 100 && failures.length === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    running.splice(running.indexOf(server), 1);
    await server.close();
    await Promise.all(clients);
    agent.destroy();
    expect(failures).toEqual([]);
    expect(answered).toBe(sent);
    expect(answered).toBeGreaterThan(100);
  });
});

describe("10. per-document caches are bounded by count and bytes", () => {
  it("evicts the least recently used beyond either bound and refuses what alone exceeds the weight", () => {
    const cache = new BoundedCache<string>(3, 100, (key, value) => key.length + value.length);
    for (const key of ["a", "b", "c", "d"]) cache.set(key, "x".repeat(9));
    expect([cache.get("a"), cache.size, cache.weight]).toEqual([undefined, 3, 30]);
    cache.get("b"); // order, least recent first: c, d, b
    cache.set("e", "y".repeat(69)); // a fourth entry: c goes (count bound)
    expect([cache.get("c"), cache.size, cache.weight]).toEqual([undefined, 3, 90]);
    cache.set("f", "z".repeat(29)); // 120 in all: d, then b go (weight bound); e and f stay
    expect([cache.get("d"), cache.get("b"), cache.get("e") !== undefined, cache.size, cache.weight]).toEqual([
      undefined,
      undefined,
      true,
      2,
      100,
    ]);
    cache.set("huge", "z".repeat(200));
    expect([cache.get("huge"), cache.size]).toEqual([undefined, 2]);
  });

  it("keeps exactly what a plain least-recently-used list would, over 20 000 random gets and sets", () => {
    const weigh = (key: string, value: number) => key.length + value;
    const cache = new BoundedCache<number>(16, 200, weigh);
    // The reference: an array in recency order, least recent first.
    const model: [string, number][] = [];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 20_000; step++) {
      const key = `k${random(40)}`;
      const at = model.findIndex(([stored]) => stored === key);
      if (random(3) === 0) {
        const value = random(60);
        if (at >= 0) model.splice(at, 1);
        if (weigh(key, value) <= 200) model.push([key, value]);
        const total = () => model.reduce((sum, [k, v]) => sum + weigh(k, v), 0);
        while (model.length > 16 || total() > 200) model.shift();
        cache.set(key, value);
      } else {
        const expected = at >= 0 ? model[at]?.[1] : undefined;
        if (at >= 0) model.push(...model.splice(at, 1));
        expect(cache.get(key), `step ${step}`).toBe(expected);
      }
      expect(cache.size).toBe(model.length);
    }
    expect(cache.weight).toBe(model.reduce((sum, [k, v]) => sum + weigh(k, v), 0));
  });
});

describe("12. CORS policy and security headers", () => {
  it("allows every origin without credentials by default, answers preflights, sends nosniff everywhere", async () => {
    const server = await serve();
    const origin = "https://anywhere.example";
    const answers = [
      await post(server, { query: "{ __typename }" }, { origin }),
      await post(server, { query: "{ __typename }" }, { origin }), // a cache hit
      await send(server, { method: "GET", path: "/health", headers: { origin } }),
      await send(server, { method: "GET", path: "/missing", headers: { origin } }),
    ];
    for (const answer of answers) {
      expect(answer.headers["access-control-allow-origin"]).toBe("*");
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    }
    const preflight = await send(server, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "content-type",
    });
    expect(preflight.headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("gives GraphiQL's page a Content-Security-Policy that forbids framing", async () => {
    const server = await serve();
    const page = await send(server, { method: "GET", headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'/);
  });
});

describe("one decoder for global ids", () => {
  it("refuses a Person id for a Country in traversals, as node(id:) does, naming the argument", async () => {
    const server = await serve();
    const personChina = globalId("Person", "china");
    const viaNode = await post(server, { query: `{ node(id: "${personChina}") { id } }` });
    const viaTraversal = await post(server, {
      query: `{ neighborhood(id: "${personChina}") { truncated } }`,
    });
    expect(codes(viaNode)).toEqual(["NOT_FOUND"]);
    expect(codes(viaTraversal)).toEqual(["NOT_FOUND"]);
    const badFrom = await post(server, {
      query: `{ paths(from: "nonsense", to: "${globalId("Country", "china")}") { length } }`,
    });
    expect(codes(badFrom)).toEqual(["BAD_USER_INPUT"]);
    expect(
      (JSON.parse(badFrom.body) as { errors: { extensions: { argument: string } }[] }).errors[0]?.extensions
        .argument,
    ).toBe("from");
  });
});
