/**
 * `npm start`: run the compiled server (dist/main.js) in this very process, so signals from npm reach it directly.
 * When dist/ is missing or older than src/ (a checkout without `npm install`, or sources edited since), the server
 * is compiled first, which takes well under a second; concurrent starts build one at a time under a lock file.
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildServer, serverBuildIsFresh } from "./build.mjs";

const lockPath = fileURLToPath(new URL("../dist/.build-lock", import.meta.url));
/** A lock older than this was left by a build that died; it is taken over. */
const STALE_LOCK_MS = 60_000;

/** Take the build lock, waiting while another process holds it; returns false if the wait found a fresh build. */
async function lockForBuild() {
  for (;;) {
    try {
      closeSync(openSync(lockPath, "wx"));
      return true;
    } catch (error) {
      if (error.code === "ENOENT") {
        mkdirSync(fileURLToPath(new URL("../dist/", import.meta.url)), { recursive: true });
        continue;
      }
      if (error.code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) rmSync(lockPath, { force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (serverBuildIsFresh()) return false;
    }
  }
}

if (!serverBuildIsFresh() && (await lockForBuild())) {
  try {
    if (!serverBuildIsFresh()) await buildServer();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
await import("../dist/main.js");
