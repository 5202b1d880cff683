import { openGraph } from "./src/graph/index.ts";
import { createGraphQLHandler } from "./src/yoga.ts";
import { QUERIES, requestBody } from "./bench/queries.ts";
const store = openGraph();
for (const responseCache of [false, true]) {
  const h = createGraphQLHandler(store, { log: () => {}, responseCache });
  const line: string[] = [];
  for (const q of QUERIES) {
    const body = requestBody(q);
    const run = async () => (await h.fetch("http://localhost/graphql", { method: "POST", headers: { "content-type": "application/json" }, body })).text();
    const first = await run();
    for (let i = 0; i < 200; i++) if ((await run()) !== first) throw new Error("differs " + q.id);
    const t = performance.now();
    for (let i = 0; i < 1000; i++) await run();
    line.push(`${q.id} ${((performance.now() - t)).toFixed(0)}µs`);
  }
  console.log(responseCache ? "cache" : "none ", line.join("  "));
}
