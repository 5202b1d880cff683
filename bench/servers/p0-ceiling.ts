/** P0, the ceiling: bare node:http answering each known request body with its pre-serialised response bytes. */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { announce, host, port } from "./common.ts";

// argv[3]: a JSON file mapping request body → response body, written by the orchestrator.
const responses = new Map<string, Buffer>(
  Object.entries(JSON.parse(readFileSync(process.argv[3] ?? "", "utf8")) as Record<string, string>).map(
    ([k, v]) => [k, Buffer.from(v)],
  ),
);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = responses.get(Buffer.concat(chunks).toString());
    if (!body) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
});
server.listen(port, host, () => announce(`http://${host}:${(server.address() as AddressInfo).port}/graphql`));
