import { describe, expect, it } from "vitest";
import { QUERIES, requestBody } from "../bench/queries.ts";
import { DEFAULT_LIMITS } from "../src/config.ts";
import type { GraphStore } from "../src/graph/store.ts";
import { ResponseCache } from "../src/http/response-cache.ts";
import { startServer } from "../src/http/server.ts";
import { createGraphQLHandler } from "../src/http/yoga.ts";
import { recordingStore, store } from "./support/api.ts";

/** Start a server over `over`, POST each body in turn, and return the response texts. */
async function postAll(over: GraphStore, bodies: string[], responseCache: boolean): Promise<string[]> {
  const server = await startServer(over, "127.0.0.1", 0, { responseCache, log: () => {} });
  try {
    const answers: string[] = [];
    for (const body of bodies) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      answers.push(await response.text());
    }
    return answers;
  } finally {
    await server.close();
  }
}

describe("graphql-jit and the response cache change speed, not answers", () => {
  for (const query of QUERIES) {
    it(`${query.id} answers byte-for-byte the same with and without them`, async () => {
      const body = requestBody(query);
      const plain = await createGraphQLHandler(store, { jit: false, log: () => {} }).fetch(
        "http://localhost/graphql",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        },
      );
      const expected = await plain.text();
      expect(JSON.parse(expected).errors).toBeUndefined();
      const answers = [
        ...(await postAll(store, [body, body], false)),
        ...(await postAll(store, [body, body, body], true)),
      ];
      for (const answer of answers) expect(answer).toBe(expected);
    });
  }
});

describe("response cache", () => {
  const q3 = requestBody(QUERIES.find((q) => q.id === "Q3") ?? (QUERIES[0] as (typeof QUERIES)[number]));

  it("stores an answer the second time its request comes, then answers it without touching the store", async () => {
    const once = recordingStore();
    await postAll(once.store, [q3], true);
    const fourTimes = recordingStore();
    const answers = await postAll(fourTimes.store, [q3, q3, q3, q3], true);
    expect(once.calls.length).toBeGreaterThan(0);
    expect(fourTimes.calls).toEqual([...once.calls, ...once.calls]);
    expect(new Set(answers).size).toBe(1);
    const uncached = recordingStore();
    await postAll(uncached.store, [q3, q3], false);
    expect(uncached.calls.length).toBe(2 * once.calls.length);
  });

  it("keys on variables, and never stores errors or rejections", async () => {
    const query = `query($slug: String!) { entity(slug: $slug) { name } }`;
    const body = (slug: string) => JSON.stringify({ query, variables: { slug } });
    const recorder = recordingStore();
    const [china, who, missing1, missing2] = await postAll(
      recorder.store,
      [body("china"), body("who"), body("atlantis"), body("atlantis")],
      true,
    );
    expect(JSON.parse(china ?? "").data.entity.name).toBe("China");
    expect(JSON.parse(who ?? "").data.entity.name).not.toBe("China");
    expect(JSON.parse(missing2 ?? "").errors[0].extensions.code).toBe("NOT_FOUND");
    expect(missing2).toBe(missing1);
    // china and who once each; the error both times, each time by jit and again by Yoga's executor (for its wording)
    expect(recorder.calls.filter((c) => c === "loadNodes")).toHaveLength(2 + 2 * 2);
  });

  it("still applies the node budget to an operation it could answer from cache", async () => {
    const query = `query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { relations(first: $n) { nodes { type } } } } } } } }`;
    const [small, big] = await postAll(
      store,
      [JSON.stringify({ query, variables: { n: 2 } }), JSON.stringify({ query, variables: { n: 100 } })],
      true,
    );
    expect(JSON.parse(small ?? "").errors).toBeUndefined();
    expect(JSON.parse(big ?? "").errors[0].extensions.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("evicts the least recently used entries beyond its bounds", () => {
    const cache = new ResponseCache(2);
    const ok = (text: string) => ({
      status: 200,
      contentType: "application/json",
      body: Buffer.from(JSON.stringify({ data: { text } })),
    });
    // Each answer is offered twice: the first offer only records that its request was seen.
    const offerTwice = (key: string, answer: ReturnType<typeof ok>) => {
      cache.offer(key, answer);
      expect(cache.get(key), `${key} on first sight`).toBeUndefined();
      cache.offer(key, answer);
    };
    offerTwice("a", ok("a"));
    offerTwice("b", ok("b"));
    expect(cache.get("a")).toBeDefined(); // a is now more recent than b
    offerTwice("c", ok("c"));
    expect([
      cache.get("a") !== undefined,
      cache.get("b") !== undefined,
      cache.get("c") !== undefined,
    ]).toEqual([true, false, true]);
    for (const _ of [1, 2]) {
      cache.offer("e", { ...ok("e"), status: 400 });
      cache.offer("f", { ...ok("f"), body: Buffer.from('{"errors":[{"message":"x"}]}') });
    }
    expect(cache.get("e")).toBeUndefined();
    expect(cache.get("f")).toBeUndefined();
  });

  it("a stream of requests each asked once stores nothing and keeps popular answers in", () => {
    const cache = new ResponseCache(100);
    const answer = { status: 200, contentType: "application/json", body: '{"data":{"n":1}}' };
    for (const _ of [1, 2]) cache.offer("popular", answer);
    for (let n = 0; n < 100_000; n++) cache.offer(`one-off ${n}`, answer);
    // The filter wrongly takes a new key for a seen one for under 1 % of keys; those few are all that is stored.
    expect(cache.size).toBeLessThan(100);
    expect(cache.get("popular")?.body).toEqual(Buffer.from(answer.body));
  });
});

describe("the direct path for plain JSON POSTs answers exactly as Yoga does", () => {
  /** Everything a client sees of an answer but the Date header. */
  const seen = async (response: Response) => ({
    status: response.status,
    headers: [...response.headers].filter(([name]) => name !== "date"),
    body: await response.text(),
  });

  const ACCEPT_HEADERS = [
    undefined,
    "application/json",
    "application/graphql-response+json",
    "*/*",
    "application/graphql-response+json, application/json;q=0.9",
  ];
  const BODIES = {
    success: JSON.stringify({ query: '{ entity(slug: "china") { name } }' }),
    withVariables: JSON.stringify({
      query: "query($slug: String!) { entity(slug: $slug) { name kind } }",
      variables: { slug: "who" },
      operationName: null,
    }),
    notFound: JSON.stringify({ query: '{ entity(slug: "atlantis") { name } }' }),
    invalid: JSON.stringify({ query: "{ entity { nope } }" }),
    unparsable: JSON.stringify({ query: "{ entity(" }),
    unknownOperation: JSON.stringify({ query: "query A { __typename }", operationName: "B" }),
    extraParameter: JSON.stringify({ query: "{ __typename }", extra: 1 }),
    badVariables: JSON.stringify({ query: "{ __typename }", variables: [1] }),
  };

  it("the same status, headers and bytes the first (Yoga) and every later (direct) time, cache on or off", async () => {
    const handler = createGraphQLHandler(store, { log: () => {} });
    for (const responseCache of [false, true]) {
      const server = await startServer(store, "127.0.0.1", 0, { responseCache, log: () => {} });
      try {
        for (const accept of ACCEPT_HEADERS) {
          for (const [name, body] of Object.entries(BODIES)) {
            const headers: Record<string, string> = { "content-type": "application/json" };
            if (accept) headers.accept = accept;
            const post = () => fetch(`${server.url}/graphql`, { method: "POST", headers, body });
            // The first success per Accept header is answered by Yoga; later ones take the direct path.
            const first = await seen(await post());
            const later = [await seen(await post()), await seen(await post())];
            for (const answer of later) expect(answer, `${name}, accept ${accept}`).toEqual(first);
            // And Yoga alone, with no HTTP layer in front, gives the same status, media type and bytes.
            const yoga = await handler.fetch("http://localhost/graphql", { method: "POST", headers, body });
            const expected = {
              status: yoga.status,
              type: yoga.headers.get("content-type"),
              body: await yoga.text(),
            };
            const got = later[1] as Awaited<ReturnType<typeof seen>>;
            const type = got.headers.find(([header]) => header === "content-type")?.[1] ?? null;
            if (got.status < 400) expect({ status: got.status, type, body: got.body }).toEqual(expected);
            else
              expect([got.status, type], `${name}, accept ${accept}`).toEqual([
                expected.status,
                expected.type,
              ]);
          }
        }
      } finally {
        await server.close();
      }
    }
  });

  it("executes an error answer once per request, as on Yoga's path (jit, then graphql-js for its wording)", async () => {
    const recorder = recordingStore();
    // The success teaches the server the Accept header; both NOT_FOUND answers then take the direct path.
    const [success, notFound, again] = await postAll(
      recorder.store,
      [BODIES.success, BODIES.notFound, BODIES.notFound],
      false,
    );
    expect(JSON.parse(success ?? "").data.entity.name).toBe("China");
    expect(JSON.parse(notFound ?? "").errors[0].extensions.code).toBe("NOT_FOUND");
    expect(again).toBe(notFound);
    expect(recorder.calls.filter((c) => c === "loadNodes")).toHaveLength(1 + 2 * 2);
  });
});

describe("prepared operations (the direct path's lane for queries seen before) keep every per-request limit", () => {
  const RELATIONS =
    "query($slug: String!, $first: Int!) { entity(slug: $slug) { name relations(first: $first) { nodes { type } } } }";

  /** POST `body` to the server and to Yoga alone; both answers, status and body. */
  async function bothAnswers(url: string, yoga: ReturnType<typeof createGraphQLHandler>, body: string) {
    const init = { method: "POST", headers: { "content-type": "application/json" }, body };
    const [server, alone] = await Promise.all([
      fetch(url, init),
      yoga.fetch("http://localhost/graphql", init),
    ]);
    return {
      got: { status: server.status, body: await server.text() },
      expected: { status: alone.status, body: await alone.text() },
    };
  }

  it("prices, checks variables and refuses on every request, as Yoga does, while known variables are answered", async () => {
    const limits = { ...DEFAULT_LIMITS, maxCost: 40 };
    const yoga = createGraphQLHandler(store, { limits, log: () => {} });
    const server = await startServer(store, "127.0.0.1", 0, { limits, responseCache: false, log: () => {} });
    try {
      const url = `${server.url}/graphql`;
      const cases: [Record<string, unknown>, number, string | undefined][] = [
        [{ slug: "china", first: 5 }, 200, undefined],
        [{ slug: "xi-jinping", first: 5 }, 200, undefined],
        [{ slug: "china", first: 500 }, 400, "QUERY_TOO_COMPLEX"],
        [{ slug: "china", first: "many" }, 400, "BAD_USER_INPUT"],
        [{ slug: 7, first: 5 }, 400, "BAD_USER_INPUT"],
        [{ first: 5 }, 400, "BAD_USER_INPUT"],
        [{ slug: "atlantis", first: 5 }, 200, "NOT_FOUND"],
        [{ slug: "china", first: 6 }, 200, undefined],
      ];
      // Twice over: the second round runs every case on an operation the lane has prepared and priced before.
      for (const round of [1, 2]) {
        for (const [variables, status, code] of cases) {
          const { got, expected } = await bothAnswers(
            url,
            yoga,
            JSON.stringify({ query: RELATIONS, variables }),
          );
          const label = `round ${round}, ${JSON.stringify(variables)}`;
          expect(got, label).toEqual(expected);
          expect(got.status, label).toBe(status);
          expect(JSON.parse(got.body).errors?.[0]?.extensions?.code, label).toBe(code);
        }
      }
    } finally {
      await server.close();
    }
  });

  it("times out a prepared operation with Yoga's 504 EXECUTION_TIMEOUT answer", async () => {
    const slow: GraphStore = Object.assign(Object.create(null), {
      ...Object.fromEntries(
        (
          [
            "loadNodes",
            "loadRelations",
            "loadSources",
            "listEntityIds",
            "pageEntityIds",
            "search",
            "stats",
          ] as const
        ).map((name) => [name, (...args: never[]) => (store[name] as (...a: never[]) => unknown)(...args)]),
      ),
      loadEdges: async (keys: Parameters<GraphStore["loadEdges"]>[0]) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return store.loadEdges(keys);
      },
    });
    const limits = { ...DEFAULT_LIMITS, timeoutMs: 20 };
    const yoga = createGraphQLHandler(slow, { limits, log: () => {} });
    const server = await startServer(slow, "127.0.0.1", 0, { limits, responseCache: false, log: () => {} });
    try {
      const url = `${server.url}/graphql`;
      // A success teaches the direct path the Accept header; the slow query is then prepared and run on the lane.
      const quick = await bothAnswers(
        url,
        yoga,
        JSON.stringify({ query: '{ entity(slug: "china") { name } }' }),
      );
      expect(quick.got.status).toBe(200);
      for (const _ of [1, 2]) {
        const slowBody = JSON.stringify({ query: RELATIONS, variables: { slug: "china", first: 3 } });
        const { got, expected } = await bothAnswers(url, yoga, slowBody);
        expect(got).toEqual(expected);
        expect(got.status).toBe(504);
        expect(JSON.parse(got.body).errors[0].extensions.code).toBe("EXECUTION_TIMEOUT");
      }
    } finally {
      await server.close();
    }
  });
});
