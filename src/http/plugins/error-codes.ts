/** Every rejected request names its reason in `extensions.code`, including graphql-js parse and validation errors. */
import type { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Give `code` (and details) to an error that has none; leaves errors that already carry a code alone. */
export function tagError(error: GraphQLError, code: string, details: Record<string, unknown> = {}): void {
  const extensions = error.extensions as Record<string, unknown>;
  if (extensions.code === undefined) Object.assign(extensions, { code, ...details });
}

/** Tag parse errors GRAPHQL_PARSE_FAILED and validation errors GRAPHQL_VALIDATION_FAILED. */
export function useErrorCodes(): Plugin {
  return {
    onParse() {
      return ({ result }) => {
        if (result instanceof Error && "extensions" in result)
          tagError(result as GraphQLError, "GRAPHQL_PARSE_FAILED");
      };
    },
    onValidate() {
      return ({ result }) => {
        for (const error of result) tagError(error, "GRAPHQL_VALIDATION_FAILED");
      };
    },
  };
}
