/** Open the embedded default store: load a seed directory, validate it and index it in memory. */
import { fileURLToPath } from "node:url";
import { type LoadedSeed, loadSeedSteps } from "../../graph/load.ts";
import { runSteps, runStepsCooperatively, type SliceStats, type Steps } from "../../graph/steps.ts";
import { MemoryGraphStore } from "./memory-store.ts";
import { readCachedSeed, seedCacheKey, writeCachedSeed } from "./seed-cache.ts";

/** The seed shipped with the project (seed/ at the repository root). */
export const DEFAULT_SEED_DIR = fileURLToPath(new URL("../../../seed", import.meta.url));

/** Load, validate and index a seed directory, full-text index included; throws SeedValidationError listing every problem. */
export function openGraph(seedDir: string = DEFAULT_SEED_DIR): MemoryGraphStore {
  return runSteps(openGraphSteps(seedDir));
}

/**
 * openGraph without holding the thread for more than a few milliseconds at a time, so a server that is already
 * listening keeps answering its probes while a large seed loads; rejects with SeedValidationError likewise. It
 * resolves as soon as the graph is indexed: the full-text index is then built in the background, and `search`
 * answers SEARCH_NOT_READY until it is done (at 10⁶ relations that is most of the start-up time).
 */
export async function openGraphAsync(
  seedDir: string = DEFAULT_SEED_DIR,
  options: { sliceMs?: number; stats?: SliceStats } = {},
): Promise<MemoryGraphStore> {
  const store = await runStepsCooperatively(openGraphSteps(seedDir, false), options.sliceMs, options.stats);
  store.buildSearchInBackground(options.sliceMs).catch((error: unknown) => {
    console.error(error);
  });
  return store;
}

/** The one implementation both drivers run: load, index, then (when asked) build the full-text index. */
function* openGraphSteps(seedDir: string, withSearch = true): Steps<MemoryGraphStore> {
  const loaded = yield* loadSeedOrCachedSteps(seedDir);
  const store = yield* MemoryGraphStore.build(loaded);
  if (withSearch) yield* store.prepareSearchSteps();
  return store;
}

/**
 * Load a seed, through the seed cache for the default seed (npm start's): a seed identical to one that loaded
 * before, under the same loader, is read back instead of parsed and validated again (seed-cache.ts).
 */
function* loadSeedOrCachedSteps(seedDir: string): Steps<LoadedSeed> {
  const key = seedDir === DEFAULT_SEED_DIR ? seedCacheKey(seedDir) : null;
  const cached = key ? readCachedSeed(key) : undefined;
  if (cached) return cached;
  const loaded = yield* loadSeedSteps(seedDir);
  if (key) writeCachedSeed(key, loaded);
  return loaded;
}
