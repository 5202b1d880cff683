/** One structured JSON log line per request that ends in errors; nothing for successful requests. */
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Where log lines go (stderr by default; tests pass their own). */
export type LogLine = (line: string) => void;

/** Log `{level, msg, time, method, url, status?, errors: [{message, code, path}]}` for each failed request. */
export function useErrorLog(log: LogLine = (line) => process.stderr.write(`${line}\n`)): Plugin {
  return {
    onResultProcess({ request, result }) {
      const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
      const errors = results.flatMap((r) => (r && "errors" in r && r.errors ? r.errors : []));
      if (errors.length === 0) return;
      log(
        JSON.stringify({
          level: "warn",
          msg: "request failed",
          time: new Date().toISOString(),
          method: request.method,
          url: new URL(request.url).pathname,
          errors: errors.map((e) => ({
            message: e.message,
            code: e.extensions?.code ?? null,
            path: e.path ?? null,
          })),
        }),
      );
    },
  };
}
