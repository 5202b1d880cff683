/** Runtime configuration read from the environment, with the documented defaults. */

/** Read a non-negative integer from the environment, or the fallback when unset. */
function intFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** Connection page sizes: `first`/`last` default and maximum (process-wide). */
export const pageSizes = {
  default: intFromEnv("PAGE_SIZE_DEFAULT", 25),
  max: intFromEnv("PAGE_SIZE_MAX", 100),
};

/** The default longest `search` query, in characters; the schema documents this fixed default. */
export const DEFAULT_SEARCH_QUERY_MAX_LENGTH = 200;

/** Longest `search` query accepted, in characters (process-wide; SEARCH_QUERY_MAX_LENGTH overrides the default). */
export const searchQueryMaxLength = intFromEnv("SEARCH_QUERY_MAX_LENGTH", DEFAULT_SEARCH_QUERY_MAX_LENGTH);

/** Most items any list argument may hold (`nodes(ids:)`, `kinds`, `types`…), as GitHub's API caps `nodes`. */
export const MAX_LIST_ARGUMENT_ITEMS = 100;

/** What one request may ask of the server; each limit is named in the error a client gets beyond it. */
export interface RequestLimits {
  /** Node budget: the most items a query may ask for, counted before execution (MAX_QUERY_COST). */
  maxCost: number;
  /** Deepest selection nesting (MAX_QUERY_DEPTH). */
  maxDepth: number;
  /** Most aliases in one document (MAX_ALIASES). */
  maxAliases: number;
  /** Most directives in one document (MAX_DIRECTIVES). */
  maxDirectives: number;
  /** Most lexical tokens in one document (MAX_TOKENS). */
  maxTokens: number;
  /** Largest request body in bytes (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Longest execution in milliseconds (EXECUTION_TIMEOUT_MS). */
  timeoutMs: number;
  /** Most operations in one batched (JSON array) request; 0 turns batching off (MAX_BATCH). */
  maxBatch: number;
}

/** The defaults, after GitHub's public API and GraphQL Armor. */
export const DEFAULT_LIMITS: RequestLimits = {
  maxCost: 50_000,
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2_000,
  maxBodyBytes: 100 * 1024,
  timeoutMs: 10_000,
  maxBatch: 0,
};

/** The request limits, each overridable by its environment variable. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  return {
    maxCost: intFromEnv("MAX_QUERY_COST", DEFAULT_LIMITS.maxCost, env),
    maxDepth: intFromEnv("MAX_QUERY_DEPTH", DEFAULT_LIMITS.maxDepth, env),
    maxAliases: intFromEnv("MAX_ALIASES", DEFAULT_LIMITS.maxAliases, env),
    maxDirectives: intFromEnv("MAX_DIRECTIVES", DEFAULT_LIMITS.maxDirectives, env),
    maxTokens: intFromEnv("MAX_TOKENS", DEFAULT_LIMITS.maxTokens, env),
    maxBodyBytes: intFromEnv("MAX_BODY_BYTES", DEFAULT_LIMITS.maxBodyBytes, env),
    timeoutMs: intFromEnv("EXECUTION_TIMEOUT_MS", DEFAULT_LIMITS.timeoutMs, env),
    maxBatch: intFromEnv("MAX_BATCH", DEFAULT_LIMITS.maxBatch, env),
  };
}

/** Where the server listens. */
export function serverAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  return { host: env.HOST || "127.0.0.1", port: intFromEnv("PORT", 4000, env) };
}

/** Which store serves the graph: the embedded in-memory one (default) or PostgreSQL. */
export type StoreKind = "memory" | "postgres";

/** Where the graph lives: STORE (memory|postgres), DATABASE_URL, and DATABASE_SCHEMA (default public). */
export function databaseSettings(env: NodeJS.ProcessEnv = process.env): {
  store: StoreKind;
  url: string | undefined;
  schema: string;
} {
  const store = env.STORE || "memory";
  if (store !== "memory" && store !== "postgres") {
    throw new Error(`STORE must be memory or postgres, got "${store}"`);
  }
  return { store, url: env.DATABASE_URL || undefined, schema: env.DATABASE_SCHEMA || "public" };
}
