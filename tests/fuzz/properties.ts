/**
 * The properties every request must satisfy, checked on each answer: bounded and never 500, every error coded,
 * the node budget an upper bound of what the answer holds, and graphql-jit answering exactly as graphql-js.
 */
import { type GraphQLSchema, parse } from "graphql";
import { queryCost } from "../../src/http/plugins/query-cost.ts";
import type { FuzzCase } from "./generate.ts";
import type { Reply } from "./http.ts";

/** The checked properties, by name, with what each one claims. */
export const PROPERTIES = {
  bounded: "answered within the bound with status 200, 400, 413 or 504 (never 500, never a hang)",
  "error-codes": "every error carries a non-empty string extensions.code (and the body is GraphQL JSON)",
  "node-budget": "an accepted query holds no more JSON objects under `data` than queryCost() allowed",
  "jit-identical": "jit and graphql-js give byte-identical answers (status and body)",
} as const;

/** A property's name. */
export type PropertyName = keyof typeof PROPERTIES;

/** Statuses a GraphQL request may be answered with. */
export const ALLOWED_STATUSES: ReadonlySet<number> = new Set([200, 400, 413, 504]);

/** A GraphQL response body as the checks read it. */
interface ResponseBody {
  data?: unknown;
  errors?: unknown;
}

/** Parse an answer's body, or undefined when it is not a JSON object. */
export function responseBody(reply: Reply): ResponseBody | undefined {
  try {
    const parsed: unknown = JSON.parse(reply.body);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as ResponseBody)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `extensions.code` of each error in an answer (undefined where an error has none). */
export function errorCodes(reply: Reply): unknown[] {
  const errors = responseBody(reply)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map(
    (error: unknown) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code,
  );
}

/** How many JSON objects a value holds, itself included when it is one (arrays are not, their elements may be). */
export function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countObjects(item), 0);
  if (value === null || typeof value !== "object") return 0;
  let count = 1;
  for (const child of Object.values(value)) count += countObjects(child);
  return count;
}

/** Whether an answer came with an allowed status but after the bound (the one failure load can cause). */
export function isOnlySlow(reply: Reply, boundMs: number): boolean {
  return !reply.failure && ALLOWED_STATUSES.has(reply.status) && reply.latencyMs > boundMs;
}

/** Property "bounded": an answer came, in time, with an allowed status. */
export function checkBounded(reply: Reply, boundMs: number): string | undefined {
  if (reply.failure) return `no answer after ${Math.round(reply.latencyMs)} ms: ${reply.failure}`;
  if (!ALLOWED_STATUSES.has(reply.status)) return `status ${reply.status}`;
  if (reply.latencyMs > boundMs)
    return `answered in ${Math.round(reply.latencyMs)} ms, over the ${boundMs} ms bound`;
  return undefined;
}

/** Property "error-codes": a GraphQL JSON body whose every error has a non-empty string code. */
export function checkErrorCodes(reply: Reply): string | undefined {
  if (reply.failure) return undefined;
  const body = responseBody(reply);
  if (!body) return `body is not a JSON object: ${JSON.stringify(reply.body.slice(0, 200))}`;
  if (body.errors === undefined) return body.data === undefined ? "neither data nor errors" : undefined;
  if (!Array.isArray(body.errors)) return "errors is not a list";
  const codes = errorCodes(reply);
  const missing = codes.findIndex((code) => typeof code !== "string" || code === "");
  return missing === -1 ? undefined : `error ${missing} has no code: ${JSON.stringify(body.errors[missing])}`;
}

/** What the node-budget check measured for one accepted answer. */
export interface BudgetMeasure {
  objects: number;
  cost: number;
  violation?: string;
}

/** The served graph's figures that `queryCost` sizes lists by (its last parameter). */
export type CostGraph = Parameters<typeof queryCost>[4];

/** Property "node-budget": the objects under `data` of an accepted answer never exceed the computed cost. */
export function checkNodeBudget(
  schema: GraphQLSchema,
  graph: CostGraph,
  fuzzCase: FuzzCase,
  reply: Reply,
): BudgetMeasure | undefined {
  const body = reply.status === 200 ? responseBody(reply) : undefined;
  if (!body || body.data === null || body.data === undefined || !fuzzCase.request) return undefined;
  const objects = countObjects(body.data) - 1;
  const { query, variables, operationName } = fuzzCase.request;
  let cost: number;
  try {
    cost = queryCost(schema, parse(query), variables ?? {}, operationName, graph);
  } catch (error) {
    return { objects, cost: Number.NaN, violation: `queryCost threw: ${String(error)}` };
  }
  const violation = objects > cost ? `${objects} objects under data, but queryCost() = ${cost}` : undefined;
  return { objects, cost, violation };
}

/** A JSON value with object keys sorted and error `locations` dropped: what remains when only formatting differs. */
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value)
    .filter(([key]) => key !== "locations")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, normalised(item)]));
}

/** How two answers differ, coarsest first: status, data, errors, or only formatting (key order, locations). */
export function differenceKind(jit: Reply, graphqlJs: Reply): "status" | "data" | "errors" | "format" {
  if (jit.status !== graphqlJs.status) return "status";
  const [a, b] = [responseBody(jit), responseBody(graphqlJs)];
  if (!a || !b) return "data";
  if (JSON.stringify(normalised(a.data)) !== JSON.stringify(normalised(b.data))) return "data";
  if (JSON.stringify(normalised(a.errors)) !== JSON.stringify(normalised(b.errors))) return "errors";
  return "format";
}

/** Property "jit-identical": the same status and the same bytes. */
export function checkJitIdentical(jit: Reply, graphqlJs: Reply): string | undefined {
  if (jit.failure || graphqlJs.failure) return undefined;
  if (jit.status !== graphqlJs.status)
    return `status ${jit.status} (jit) vs ${graphqlJs.status} (graphql-js)`;
  if (jit.body !== graphqlJs.body) {
    let at = 0;
    while (at < jit.body.length && jit.body[at] === graphqlJs.body[at]) at++;
    const excerpt = (body: string) => JSON.stringify(body.slice(at, at + 120));
    return `${differenceKind(jit, graphqlJs)} differ(s), bodies from byte ${at}: jit …${excerpt(jit.body)} vs graphql-js …${excerpt(graphqlJs.body)}`;
  }
  return undefined;
}
