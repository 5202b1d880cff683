/** The start-up seed cache reads back exactly what the loader produces, and any change to the seed misses it. */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { loadSeed } from "../src/graph/load.ts";
import { DEFAULT_SEED_DIR, openGraph } from "../src/store/memory/index.ts";
import { readCachedSeed, seedCacheKey } from "../src/store/memory/seed-cache.ts";

describe("seed cache", () => {
  it("holds, after a load of the default seed, a clone equal to what the loader produces", () => {
    openGraph();
    const key = seedCacheKey(DEFAULT_SEED_DIR);
    expect(key).not.toBeNull();
    const cached = readCachedSeed(key as string);
    expect(cached).toBeDefined();
    expect(isDeepStrictEqual(cached, loadSeed(DEFAULT_SEED_DIR))).toBe(true);
  });

  it("keys on every byte of the seed: an edit to any file gives another key", () => {
    const copy = mkdtempSync(join(tmpdir(), "seed-cache-"));
    try {
      cpSync(DEFAULT_SEED_DIR, copy, { recursive: true });
      const before = seedCacheKey(copy);
      expect(seedCacheKey(copy)).toBe(before);
      appendFileSync(join(copy, "graph", "core.yaml"), "\n");
      expect(seedCacheKey(copy)).not.toBe(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
