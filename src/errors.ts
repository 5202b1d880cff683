/** Expected errors: each carries an `extensions.code` so clients can react; Yoga shows them unmasked. */
import { GraphQLError } from "graphql";

/** Codes of the errors a client is expected to handle. */
export type ErrorCode = "NOT_FOUND" | "BAD_USER_INPUT";

/** Build an expected error with a machine-readable code and optional details. */
export function userError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}
