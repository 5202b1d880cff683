/** Expected errors: each carries an `extensions.code` so clients can react; Yoga shows them unmasked. */
import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/** Codes of the errors a client is expected to handle. */
export type ErrorCode = "NOT_FOUND" | "BAD_USER_INPUT";

/** Build an expected error with a machine-readable code; Yoga's error masking lets errors built this way through. */
export function userError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...details } });
}
