/**
 * The execution timeout. graphql-js 16 cannot abort a running execution, so the deadline is cooperative: every
 * loader batch checks it (src/context.ts) and fails fast once it has passed, and this plugin turns the result of
 * a late execution into one EXECUTION_TIMEOUT error with HTTP 504 (Yoga would otherwise answer 200).
 */
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { Deadline } from "../../context.ts";

/** The error a timed-out request gets. */
export function executionTimeoutError(timeoutMs: number) {
  return createGraphQLError(`Execution timed out: the query ran longer than the limit of ${timeoutMs} ms.`, {
    extensions: { code: "EXECUTION_TIMEOUT", limit: timeoutMs, http: { status: 504 } },
  });
}

/** Settle with `pending`'s result, or with "expired" once `deadline` has passed first (as it also may meanwhile). */
export async function raceDeadline<T>(pending: Promise<T> | T, deadline: Deadline): Promise<T | "expired"> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), Math.max(0, deadline.at - Date.now()));
  });
  try {
    const result = await Promise.race([pending, expired]);
    return result === "expired" || deadline.passed() ? "expired" : result;
  } finally {
    clearTimeout(timer);
  }
}

/** Answer 504 EXECUTION_TIMEOUT for any execution that outlives its request's deadline. */
export function useExecutionTimeout(timeoutMs: number): Plugin<{ deadline: Deadline }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const deadline = args.contextValue.deadline;
      setExecuteFn(async (executionArgs) => {
        const result = await raceDeadline(executeFn(executionArgs), deadline);
        return result === "expired" ? { errors: [executionTimeoutError(timeoutMs)] } : result;
      });
    },
  };
}
