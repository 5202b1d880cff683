/** The explorer's GraphQL client: POST JSON to /graphql with a named operation from operations.ts. */
import { OPERATIONS, type OperationName } from "./operations.ts";

/** A GraphQL error as the server reports it, with its code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The GraphQL endpoint, beside the explorer on the same server. */
const ENDPOINT = "/graphql";

/** Run one of the explorer's operations; rejects with an ApiError when the server answers with errors. */
export async function run<T>(
  operationName: OperationName,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: OPERATIONS[operationName], operationName, variables }),
  });
  let payload: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON.`, "BAD_RESPONSE");
  }
  const first = payload.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? "ERROR");
  if (!payload.data) throw new ApiError("The server answered without data.", "BAD_RESPONSE");
  return payload.data;
}
