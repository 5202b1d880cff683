/** The Node flags `npm start` runs the server with, read from package.json, so benches run the server as shipped. */
import { readFileSync } from "node:fs";

/** The flags between `node` and `scripts/start.mjs` in package.json's start script. */
export function startNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: { start: string };
  };
  const flags = /node((?: --\S+)*) scripts\/start\.mjs/.exec(manifest.scripts.start)?.[1] ?? "";
  return flags.split(" ").filter(Boolean);
}
