/**
 * A cache of the loaded default seed for `npm start`: parsing and validating the YAML takes most of a start
 * (~0.6 s of ~1.5 s), while the structured clone of its result reads back in a few milliseconds. An entry is keyed
 * by a hash of everything the result depends on (every file under the seed directory, the loader's code, the
 * lockfile, the Node version), so an edit to any of them misses; only a seed that loaded without a problem is ever
 * stored, and a bad seed is always loaded (and refused) afresh. Entries live in node_modules/.cache/, one at a time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { LoadedSeed } from "../../graph/load.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CACHE_DIR = join(ROOT, "node_modules", ".cache", "sco-knowledge-graph-seed");
/** The loader's modules (src/graph as TypeScript, or dist/graph once compiled): their code is part of the key. */
const LOADER_DIR = fileURLToPath(new URL("../../graph/", import.meta.url));
/** Seeds larger than this are loaded cooperatively every time: reading a clone back would block the event loop. */
const MAX_CACHED_SEED_BYTES = 8 * 1024 * 1024;

/** Every file under a directory, sorted, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
    });
}

/** The cache key of a seed directory with the current loader, or null when the seed is too large to cache. */
export function seedCacheKey(seedDir: string): string | null {
  const seedFiles = filesUnder(seedDir);
  let bytes = 0;
  for (const path of seedFiles) bytes += statSync(path).size;
  if (bytes > MAX_CACHED_SEED_BYTES) return null;
  const hash = createHash("sha256").update(`${process.version}\n${seedDir}\n`);
  const lockfile = join(ROOT, "package-lock.json");
  for (const path of [...seedFiles, ...filesUnder(LOADER_DIR), lockfile]) {
    hash.update(`${path}\n`);
    try {
      hash.update(readFileSync(path));
    } catch {
      hash.update("(missing)");
    }
  }
  return hash.digest("hex");
}

/** The cached result for a key, or undefined. */
export function readCachedSeed(key: string): LoadedSeed | undefined {
  try {
    return deserialize(readFileSync(join(CACHE_DIR, `${key}.bin`))) as LoadedSeed;
  } catch {
    return undefined;
  }
}

/** Store a successfully loaded seed under its key, replacing older entries; failures only lose the speed-up. */
export function writeCachedSeed(key: string, loaded: LoadedSeed): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const path = join(CACHE_DIR, `${key}.bin`);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(loaded));
    renameSync(temporary, path);
    for (const name of readdirSync(CACHE_DIR)) {
      if (name !== `${key}.bin` && name.endsWith(".bin")) rmSync(join(CACHE_DIR, name), { force: true });
    }
  } catch {
    // a read-only or missing node_modules: start-up just parses the seed
  }
}
