/**
 * Response compression: brotli or gzip for bodies of at least COMPRESS_MIN_BYTES when the client accepts it.
 * Compression runs on libuv's thread pool (never on the event loop), at a quality tuned for dynamic content.
 */
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** Bodies smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/** A content coding this server produces. */
export type Coding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The coding to answer with for an Accept-Encoding header: brotli, else gzip, else none; a coding with `q=0` is
 * refused, and `*` stands for any coding not named.
 */
export function chooseCoding(acceptEncoding: string | undefined): Coding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params
      .map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1])
      .find((value) => value !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weightOf = (coding: Coding) => weights.get(coding) ?? weights.get("*") ?? 0;
  const best = (["br", "gzip"] as const).filter((coding) => weightOf(coding) > 0);
  return best.sort((a, b) => weightOf(b) - weightOf(a))[0] ?? null;
}

/** Compress a body with a coding, off the event loop. */
export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  return coding === "br"
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 6 });
}
