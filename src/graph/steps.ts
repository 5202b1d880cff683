/**
 * Long work (loading a seed, indexing it) written once as a generator that yields at checkpoints, then driven
 * either synchronously (tests, scripts, `npm run check`) or cooperatively (the server, which must keep answering
 * its probes while a large seed loads). A checkpoint costs next to nothing, so loops yield every few dozen items
 * and the cooperative driver decides, by the clock, when to actually give the event loop a turn.
 */

/** Work that yields (nothing) at checkpoints and returns a `T` when done. */
export type Steps<T> = Generator<void, T, void>;

/** How long the cooperative driver works before it lets the event loop run, in milliseconds. */
export const DEFAULT_SLICE_MS = 10;

/** Items (entities, relations, evidence lists) handled between checkpoints by the loader's steps. */
export const ITEMS_PER_STEP = 64;

/** Run steps to the end without ever giving up the thread, and return their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** What the cooperative driver observed: how many turns it gave the event loop and its longest slice of work. */
export interface SliceStats {
  turns: number;
  longestSliceMs: number;
}

/**
 * Run steps in slices of about `sliceMs`, letting the event loop run (timers, sockets, probes) between slices
 * through setImmediate, so I/O callbacks queued meanwhile are served before the next slice.
 */
export async function runStepsCooperatively<T>(
  steps: Steps<T>,
  sliceMs = DEFAULT_SLICE_MS,
  stats: SliceStats = { turns: 0, longestSliceMs: 0 },
): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const elapsed = performance.now() - sliceStart;
    if (elapsed >= sliceMs) {
      if (elapsed > stats.longestSliceMs) stats.longestSliceMs = elapsed;
      stats.turns++;
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
