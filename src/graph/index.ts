/** The domain core's entry point: load a seed directory into an in-memory store. */
import { fileURLToPath } from "node:url";
import { loadSeed } from "./load.ts";
import { MemoryGraphStore } from "./store.ts";

/** The seed shipped with the project (seed/ at the repository root). */
export const DEFAULT_SEED_DIR = fileURLToPath(new URL("../../seed", import.meta.url));

/** Load, validate and index a seed directory, full-text index included; throws SeedValidationError listing every problem. */
export function openGraph(seedDir: string = DEFAULT_SEED_DIR): MemoryGraphStore {
  const store = new MemoryGraphStore(loadSeed(seedDir));
  store.prepareSearch();
  return store;
}
