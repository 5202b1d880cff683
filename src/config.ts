/** Runtime configuration read from the environment, with the documented defaults. */

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** Connection page sizes: `first`/`last` default and maximum. */
export const pageSizes = {
  default: intFromEnv("PAGE_SIZE_DEFAULT", 25),
  max: intFromEnv("PAGE_SIZE_MAX", 100),
};

/** Longest `search` query accepted, in characters. */
export const searchQueryMaxLength = intFromEnv("SEARCH_QUERY_MAX_LENGTH", 200);

/** Where the server listens. */
export function serverAddress(): { host: string; port: number } {
  return { host: process.env.HOST || "127.0.0.1", port: intFromEnv("PORT", 4000) };
}
