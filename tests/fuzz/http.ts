/** The fuzz client: POST a raw body to /graphql (with or without content-length) and time the answer. */

/** One answer, or the reason there was none. */
export interface Reply {
  status: number;
  body: string;
  latencyMs: number;
  /** Set when no answer came: a network error or the client-side abort. */
  failure?: string;
}

/** Request headers of every fuzz request: JSON in, the GraphQL-over-HTTP media type out. */
const GRAPHQL_HEADERS = { "content-type": "application/json", accept: "application/graphql-response+json" };

/** POST `body` to `${url}/graphql`, giving up after `abortMs`; chunked bodies are streamed without a length. */
export async function postGraphQL(
  url: string,
  body: string,
  chunked: boolean,
  abortMs: number,
): Promise<Reply> {
  const started = performance.now();
  try {
    const bytes = Buffer.from(body);
    const init: RequestInit & { duplex?: "half" } = {
      method: "POST",
      headers: GRAPHQL_HEADERS,
      signal: AbortSignal.timeout(abortMs),
    };
    if (chunked) {
      init.body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 16 * 1024)
            controller.enqueue(bytes.subarray(at, at + 16 * 1024));
          controller.close();
        },
      });
      init.duplex = "half";
    } else {
      init.body = bytes;
    }
    const response = await fetch(`${url}/graphql`, init);
    const text = await response.text();
    return { status: response.status, body: text, latencyMs: performance.now() - started };
  } catch (error) {
    const reason =
      error instanceof Error ? `${error.name}: ${error.message}${causeOf(error)}` : String(error);
    return { status: 0, body: "", latencyMs: performance.now() - started, failure: reason };
  }
}

/** The `cause` of a fetch error (where undici puts the socket error), as text. */
function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : "";
}

/** GET /health and time it. */
export async function getHealth(url: string, abortMs: number): Promise<Reply> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(abortMs) });
    return { status: response.status, body: await response.text(), latencyMs: performance.now() - started };
  } catch (error) {
    return { status: 0, body: "", latencyMs: performance.now() - started, failure: String(error) };
  }
}
