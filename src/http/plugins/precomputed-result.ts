/**
 * Lets the HTTP layer hand Yoga a result it has already executed (its fast path for plain JSON POSTs, when the
 * result has errors): Yoga then only turns it into a response (status, media type, error shape) exactly as it
 * would have, without executing the operation a second time. The result travels in the server context, which
 * only the server itself can set, never a client.
 */
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/** The server-context key under which the HTTP layer passes an already executed result. */
export const PRECOMPUTED_RESULT = Symbol("precomputed GraphQL result");

/** The server context that carries an already executed result. */
export interface PrecomputedContext {
  [PRECOMPUTED_RESULT]?: ExecutionResult;
}

/** Use the result in the server context, when there is one, instead of executing the request's operation. */
export function usePrecomputedResult(): Plugin {
  return {
    onParams({ context, setResult }) {
      const precomputed = (context as PrecomputedContext)[PRECOMPUTED_RESULT];
      if (precomputed) setResult(precomputed);
    },
  };
}
