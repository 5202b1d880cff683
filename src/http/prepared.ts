/**
 * Prepared operations, the direct path's fast lane. A query whose text has once passed Yoga's parse and validation
 * (every limit that depends on the document alone: tokens, depth, aliases, directives, field merging) is kept with
 * its graphql-jit compiled form, keyed by its text and operation name, so each request for it runs without the
 * envelop pipeline: coerce and price its variables (the node budget), execute the compiled query under the
 * request's deadline, serialise with jit's compiled stringify. Only successes and timeouts are answered here. A
 * request over the budget, with invalid variables, or whose execution reports errors goes through Yoga's pipeline,
 * which refuses it or words its errors exactly as it always does.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
import type { CompiledQuery } from "graphql-jit";
import type { YogaServerInstance } from "graphql-yoga";
import type { RequestLimits } from "../config.ts";
import { type Context, createContext, type LoaderMode } from "../context.ts";
import type { GraphStore } from "../graph/store.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { settled } from "./plugins/error-order.ts";
import { JIT_CACHE_LIMITS, JitCompiler } from "./plugins/jit.ts";
import { costVariables, type GraphFigures, priceOperation } from "./plugins/query-cost.ts";
import { executionTimeoutError, raceDeadline } from "./plugins/timeout.ts";
import { DOCUMENT_CACHE_LIMITS } from "./yoga.ts";

/** The parameters of a plain GraphQL request, as the direct path read them from a JSON body. */
export interface PlainParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** Most costs remembered per prepared operation, by the values of the variables its cost depends on. */
const COSTS_PER_OPERATION = 256;

/** A query ready to run: its document, operation, compiled form, and its node budget's costs so far. */
interface PreparedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
  /** The definitions of the variables the cost depends on (see `costVariables`); often none. */
  costDefinitions: VariableDefinitionNode[];
  /** Costs by the JSON of those variables' coerced values; Infinity where pricing refuses the operation. */
  costs: Map<string, number>;
}

/** What the lane did with a request. */
export type LaneOutcome =
  /** Executed without errors: serialise `result` with `stringify`. */
  | { kind: "answered"; result: ExecutionResult; stringify: (result: ExecutionResult) => string }
  /** Ran out of time: `result` holds the timeout error the timeout plugin gives; Yoga words it. */
  | { kind: "timed-out"; result: ExecutionResult }
  /** Not for this lane (not prepared, refused, or errors): Yoga's pipeline answers it, jit left out. */
  | { kind: "pipeline" };

const PIPELINE: LaneOutcome = { kind: "pipeline" };

type Handler = YogaServerInstance<Record<string, never>, Context>;

/** About how many bytes of compiled code one field selection costs (see JIT_CACHE_LIMITS). */
const BYTES_PER_COMPILED_SELECTION = 2048;

/**
 * Prepared operations of one served graph, in one cache bounded as the parse cache and jit's cache are together:
 * 500 entries, each weighed by its text (as the parse cache weighs documents) plus its compiled code.
 */
export class PreparedOperations {
  private readonly jit = new JitCompiler();
  /** Per query text and operation name; null marks a valid document this lane does not run (not a jit query). */
  private readonly prepared = new BoundedCache<PreparedOperation | null>(
    JIT_CACHE_LIMITS.entries,
    DOCUMENT_CACHE_LIMITS.bytes + JIT_CACHE_LIMITS.selections * BYTES_PER_COMPILED_SELECTION,
    (key, prepared) =>
      key.length * 4 + (prepared ? this.jit.selections(prepared.document) * BYTES_PER_COMPILED_SELECTION : 0),
  );

  constructor(
    private readonly handler: Handler,
    private readonly store: GraphStore,
    private readonly limits: RequestLimits,
    private readonly figures: GraphFigures,
    private readonly loaderMode: LoaderMode = "batched",
  ) {}

  /** Run a plain query request on the lane, or say that Yoga's pipeline must answer it. */
  async run(params: PlainParams): Promise<LaneOutcome> {
    const key = `${params.operationName ?? ""}\u0000${params.query}`;
    let prepared = this.prepared.get(key);
    if (prepared === undefined) {
      prepared = this.prepare(params);
      if (prepared === undefined) return PIPELINE;
      this.prepared.set(key, prepared);
    }
    if (prepared === null || !this.withinBudget(prepared, params.variables)) return PIPELINE;
    const context = createContext(this.store, this.limits.timeoutMs, this.loaderMode);
    const result = await raceDeadline(
      prepared.compiled.query(undefined, context, params.variables ?? undefined),
      context.deadline,
    );
    if (result === "expired") {
      return { kind: "timed-out", result: { errors: [executionTimeoutError(this.limits.timeoutMs)] } };
    }
    if (result.errors && result.errors.length > 0) {
      // Let resolvers still running settle before the pipeline runs the request again on graphql-js.
      await settled();
      return PIPELINE;
    }
    return { kind: "answered", result, stringify: prepared.compiled.stringify };
  }

  /**
   * Parse and validate through Yoga's own hooks and caches (so every document limit applies, worded by Yoga when
   * it refuses), then compile. Undefined when the document is refused (the pipeline reports why); null when it is
   * valid but not a query jit runs.
   */
  private prepare(params: PlainParams): PreparedOperation | null | undefined {
    // Yoga's parse hook reads the request's method (mutations are refused over GET): the lane only takes POSTs.
    const enveloped = this.handler.getEnveloped({ params, request: { method: "POST" } } as never);
    let document: DocumentNode;
    try {
      document = enveloped.parse(params.query);
      if (enveloped.validate(enveloped.schema, document).length > 0) return undefined;
    } catch {
      return undefined;
    }
    const schema = enveloped.schema as GraphQLSchema;
    const operation = getOperationAST(document, params.operationName);
    if (operation?.operation !== "query") return null;
    // Kept here, with the operation: a second cache of compiled queries would only hold them twice.
    const compiled = this.jit.compileUncached(schema, document, params.operationName);
    if (!compiled) return null;
    const relevant = new Set(costVariables(schema, document, operation));
    const costDefinitions = (operation.variableDefinitions ?? []).filter((definition) =>
      relevant.has(definition.variable.name.value),
    );
    return { schema, document, operation, compiled, costDefinitions, costs: new Map() };
  }

  /**
   * Whether the node budget admits this request. Its cost is the query-cost plugin's, remembered by the values of
   * the variables it depends on; invalid values of those are left to the pipeline (which refuses them), and
   * invalid values of the others to jit (whose errors send the request to the pipeline too).
   */
  private withinBudget(prepared: PreparedOperation, variables: PlainParams["variables"]): boolean {
    let key = "";
    if (prepared.costDefinitions.length > 0) {
      const relevant = getVariableValues(prepared.schema, prepared.costDefinitions, variables ?? {}, {
        maxErrors: 1,
      });
      if (relevant.errors) return false;
      key = JSON.stringify(relevant.coerced);
    }
    let cost = prepared.costs.get(key);
    if (cost === undefined) {
      const coerced = getVariableValues(
        prepared.schema,
        prepared.operation.variableDefinitions ?? [],
        variables ?? {},
        { maxErrors: 1 },
      );
      if (coerced.errors) return false;
      cost = this.price(prepared, coerced.coerced);
      if (prepared.costs.size >= COSTS_PER_OPERATION) prepared.costs.clear();
      prepared.costs.set(key, cost);
    }
    return cost <= this.limits.maxCost;
  }

  /** The operation's cost with these coerced variables; Infinity when pricing refuses it. */
  private price(prepared: PreparedOperation, values: Record<string, unknown>): number {
    try {
      return priceOperation(prepared.schema, prepared.document, prepared.operation, values, this.figures);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }
}
