/**
 * A sequential latency client for bench/scale-probe.ts, run in its own process so its allocations and pauses are
 * not the server's: one keep-alive connection, one request in flight, the given bodies sent in alternation
 * (warm-up first, then timed), each answer checked for a 200 without errors. Each request says which body it is
 * (`x-bench-label`: its index, -1 while warming up), so the server can time the same requests on its side.
 *
 *   node --import tsx bench/latency-client.ts <url> <warmup> <timed> <body> [<body>...]
 *
 * Prints one JSON line: per body, every timed latency in microseconds (in sending order) and the answer's size.
 */
import { Agent, request } from "node:http";

const [url, warmupArg, timedArg, ...bodies] = process.argv.slice(2);
if (!url || bodies.length === 0) {
  console.error("usage: latency-client.ts <url> <warmup> <timed> <body> [<body>...]");
  process.exit(2);
}
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** POST one body; resolve with the answer's text, or reject on anything but a 200 without errors. */
function post(body: string, label: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url as string,
      {
        method: "POST",
        agent,
        // The label lets the server time each query on its own side (bench/scale-probe.ts).
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-bench-label": String(label),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200 || text.includes('"errors"')) {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
          } else resolve(text);
        });
      },
    );
    sent.on("error", reject);
    sent.end(body);
  });
}

const latencies = bodies.map(() => [] as number[]);
const sizes = bodies.map(() => 0);
for (let round = 0; round < Number(warmupArg); round++) {
  for (const [index, body] of bodies.entries()) sizes[index] = Buffer.byteLength(await post(body, -1));
}
for (let round = 0; round < Number(timedArg); round++) {
  for (const [index, body] of bodies.entries()) {
    const from = process.hrtime.bigint();
    await post(body, index);
    latencies[index]?.push(Number(process.hrtime.bigint() - from) / 1000);
  }
}
agent.destroy();
console.log(JSON.stringify({ latencies, sizes }));
