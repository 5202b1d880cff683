/**
 * Reading seed files: listing a directory, and parsing YAML or JSON into data that can map any path in it back to
 * a line number, so every problem can be reported as file:line. JSON takes a fast path (JSON.parse, with line
 * numbers worked out only when a problem needs one).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { SeedProblem } from "./load.ts";

/** A parsed YAML/JSON file that can map a data path back to a line number. */
export interface ParsedFile {
  file: string;
  data: unknown;
  lineOf(path: readonly PropertyKey[]): number;
}

/** A path as shown in problems: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

/** The files of `dir` matching `pattern`, sorted; a problem (and none) when the directory is missing. */
export function listFiles(dir: string, pattern: RegExp, problems: SeedProblem[]): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    problems.push({
      file: displayPath(dir),
      line: 0,
      message: "directory not found",
      fix: "create it: a seed has sources/ (texts + metadata) and graph/ (curated YAML or JSON)",
    });
    return [];
  }
}

/** Read and parse one seed file; null (with problems recorded) when it does not parse. */
export function parseFile(path: string, problems: SeedProblem[]): ParsedFile | null {
  const content = readFileSync(path, "utf8");
  if (path.endsWith(".json")) {
    const parsed = parseJson(path, content);
    if (parsed) return parsed;
  }
  return parseYaml(path, content, problems);
}

/** Parse a file with the YAML parser, which keeps every node's position (JSON files too: JSON is YAML). */
function parseYaml(path: string, content: string, problems: SeedProblem[]): ParsedFile | null {
  const file = displayPath(path);
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      problems.push({
        file,
        line,
        message: `malformed ${path.endsWith(".json") ? "JSON" : "YAML"}: ${error.message.split("\n")[0]}`,
        fix: "correct the syntax at this line (indentation, quotes, colons); nothing in this file was loaded",
      });
    }
    return null;
  }
  return {
    file,
    data: doc.toJS(),
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
          | { range?: [number, number] }
          | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return 1;
    },
  };
}

/**
 * The fast path for a `.json` file: JSON.parse, several times faster than the YAML parser and without its
 * syntax tree. Line numbers are computed only when a problem asks for one, by parsing the file again with the
 * YAML parser. Returns null, so the caller takes the YAML path and reports or accepts exactly what it always did,
 * when JSON.parse rejects the text (malformed JSON, or YAML-only syntax such as comments) or when the text has a
 * duplicate key, which JSON.parse would silently resolve but the YAML parser reports.
 */
function parseJson(path: string, content: string): ParsedFile | null {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return null;
  }
  if (countKeys(data) !== countJsonColons(content)) return null;
  let lines: ParsedFile | null | undefined;
  return {
    file: displayPath(path),
    data,
    lineOf(at) {
      lines ??= parseYaml(path, content, []);
      return lines ? lines.lineOf(at) : 1;
    },
  };
}

/** How many keys the objects of a parsed JSON value hold in all. */
function countKeys(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += countKeys(item);
    return count;
  }
  for (const key in value) count += 1 + countKeys((value as Record<string, unknown>)[key]);
  return count;
}

/**
 * How many key/value separators (`:` outside strings) a valid JSON text holds: one per key written. More than
 * the parsed value's keys means an object repeats a key.
 */
function countJsonColons(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x3a) {
      count++;
    } else if (code === 0x22) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (at = text.indexOf('"', at + 1); at !== -1; at = text.indexOf('"', at + 1)) {
        let backslashes = 0;
        while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      if (at === -1) return count;
    }
  }
  return count;
}
