/**
 * Reading seed files: listing a directory, reading a file safely, and parsing YAML or JSON into data that can map
 * any path in it back to a line number, so every problem can be reported as file:line. JSON takes a fast path
 * (JSON.parse, with line numbers worked out only when a problem needs one).
 *
 * A seed may come from anyone, so reading holds these properties for every file, whatever its content: it is a
 * regular file inside the seed directory (a symbolic link must resolve inside it), at most `SEED_LIMITS.fileBytes`
 * long, valid UTF-8, free of control characters, with no run of non-white-space longer than
 * `SEED_LIMITS.tokenChars`; its data nests at most `SEED_LIMITS.nestingDepth` deep and its YAML aliases expand at
 * most `SEED_LIMITS.aliasCount` times. Each breach is one problem with its line, never an exception, so the
 * loader can still report every problem of the seed at once.
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { Composer, type CST, type Document, LineCounter, Parser, visit, YAMLParseError } from "yaml";
import type { SeedProblem } from "./problems.ts";
import { runSteps, type Steps } from "./steps.ts";

/** The bounds every seed file is held to (documented in seed/README.md, "Limits"). */
export const SEED_LIMITS = {
  /** Largest file, in bytes: ten times the largest file the scale benchmark writes at 10^6 relations. */
  fileBytes: 64 * 1024 * 1024,
  /** Longest run of characters without white space: far above any word, URL or line of generated JSON. */
  tokenChars: 10_000,
  /** Deepest nesting of mappings and lists; a seed needs 6, and the YAML composer recurses per level. */
  nestingDepth: 64,
  /** Most YAML alias expansions (the `yaml` package's `maxAliasCount`, counted per anchor times its reuse). */
  aliasCount: 100,
} as const;

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

/** The names in `dir` matching `pattern`, sorted, as paths; a problem (and none) when the directory is missing. */
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

/** The canonical path of a seed directory, against which symbolic links are judged. */
export function seedRoot(seedDir: string): string {
  try {
    return realpathSync(seedDir);
  } catch {
    return seedDir;
  }
}

/** What to report when a file does not exist (the default names the file). */
interface WhenMissing {
  file: string;
  message: string;
  fix: string;
}

/**
 * Read one seed file as text, holding it to the properties in this module's comment; null (with a problem
 * recorded) when it breaks one. Yields while scanning, so a large file does not hold the thread.
 */
export function* readSeedText(
  path: string,
  root: string,
  problems: SeedProblem[],
  whenMissing?: WhenMissing,
): Steps<string | null> {
  const file = displayPath(path);
  const reject = (line: number, message: string, fix: string) => {
    problems.push({ file, line, message, fix });
    return null;
  };
  let target = path;
  try {
    if (lstatSync(path).isSymbolicLink()) {
      try {
        target = realpathSync(path);
      } catch (error) {
        const loops = (error as NodeJS.ErrnoException).code === "ELOOP";
        return reject(
          1,
          loops ? "symbolic link that loops back on itself" : "symbolic link to a file that does not exist",
          "replace the link with the file itself",
        );
      }
      const inside = relative(root, target);
      if (inside.startsWith("..") || isAbsolute(inside)) {
        return reject(
          1,
          `symbolic link to ${target}, outside the seed directory`,
          "copy the file into the seed; a seed must not read files outside itself",
        );
      }
    }
  } catch {
    if (whenMissing) {
      problems.push({ ...whenMissing, line: 1 });
      return null;
    }
    return reject(1, "file not found", "check that it exists and can be read");
  }
  const stats = statSync(target);
  if (!stats.isFile()) {
    return reject(
      1,
      `${stats.isDirectory() ? "a directory" : "not a regular file"}, where a seed file is expected`,
      "rename or move it: everything named *.yaml, *.yml or *.json in graph/ (and *.yaml in sources/) is read as a file",
    );
  }
  if (stats.size > SEED_LIMITS.fileBytes) {
    return reject(
      1,
      `file of ${stats.size} bytes, larger than the limit of ${SEED_LIMITS.fileBytes} bytes`,
      "split it into several files (graph files may reference each other freely)",
    );
  }
  const bytes = yield* readBytes(target, stats.size);
  let text: string;
  try {
    text = yield* decodeUtf8(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).filter((byte) => byte === 0x0a).length + 1;
    return reject(
      line,
      `invalid UTF-8 (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, "0")} at byte offset ${at})`,
      "save the file as UTF-8 (a seed file is text, never binary or another encoding)",
    );
  }
  yield;
  const scan = yield* scanText(text);
  let ok = true;
  if (scan.longToken !== -1) {
    ok = false;
    problems.push({
      file,
      line: lineAt(text, scan.longToken),
      message: `a run of more than ${SEED_LIMITS.tokenChars} characters without white space`,
      fix: "break it with spaces or line breaks; no word, URL or quote is this long",
    });
  }
  if (scan.controls > 0) {
    ok = false;
    const code = text.charCodeAt(scan.firstControl).toString(16).toUpperCase().padStart(4, "0");
    problems.push({
      file,
      line: lineAt(text, scan.firstControl),
      message: `control character U+${code}${scan.controls > 1 ? ` (and ${scan.controls - 1} more in this file)` : ""}`,
      fix: "remove it: seed files hold text, where only tab, line feed and carriage return are allowed",
    });
  }
  return ok ? text : null;
}

/** Bytes read, or decoded, between checkpoints. */
const BYTES_PER_STEP = 1 << 20;

/** Read a whole file a megabyte at a time, so a large file does not hold the thread while it is read. */
function* readBytes(path: string, size: number): Steps<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  const fd = openSync(path, "r");
  let read = 0;
  try {
    while (read < size) {
      const count = readSync(fd, bytes, read, Math.min(BYTES_PER_STEP, size - read), read);
      if (count === 0) break;
      read += count;
      yield;
    }
  } finally {
    closeSync(fd);
  }
  return bytes.subarray(0, read);
}

/**
 * Decode UTF-8 strictly (throwing at the first malformed sequence, where "utf8" would put U+FFFD in silently), a
 * megabyte at a time. ignoreBOM keeps a byte order mark in the text, as reading with "utf8" did, so no offset moves.
 */
function* decodeUtf8(bytes: Uint8Array): Steps<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += BYTES_PER_STEP) {
    parts.push(decoder.decode(bytes.subarray(at, at + BYTES_PER_STEP), { stream: true }));
    yield;
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/**
 * A control character other than tab, line feed and carriage return (C0, DEL and C1), or a lone UTF-16
 * surrogate (which only an escape such as "\ud800" can produce).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const BAD_IN_STRING = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Characters scanned between checkpoints. */
const SCAN_CHUNK = 1 << 18;

/** One pass over a text: the start of its first over-long token, and its control characters. */
function* scanText(text: string): Steps<{ longToken: number; controls: number; firstControl: number }> {
  let longToken = -1;
  let controls = 0;
  let firstControl = -1;
  let tokenStart = 0;
  for (let chunk = 0; chunk < text.length; chunk += SCAN_CHUNK) {
    const end = Math.min(text.length, chunk + SCAN_CHUNK);
    for (let at = chunk; at < end; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) {
        tokenStart = at + 1;
        continue;
      }
      if (longToken === -1 && at - tokenStart >= SEED_LIMITS.tokenChars) longToken = tokenStart;
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
        if (controls === 0) firstControl = at;
        controls++;
      }
    }
    yield;
  }
  return { longToken, controls, firstControl };
}

/** The 1-based line on which a character offset of `text` falls. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

/** The offset of every line feed in `text`, for many line lookups in one text. */
function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) offsets.push(at);
  return offsets;
}

/** The 1-based line of a character offset, from its text's line feed offsets (binary search). */
function lineFromOffsets(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((newlines[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

/** The byte offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      at++;
      continue;
    }
    // Continuation bytes, the smallest code point each length may encode (no overlong forms), the lead's bits.
    const [follow, least, bits] =
      lead >= 0xc2 && lead <= 0xdf
        ? [1, 0x80, lead & 0x1f]
        : lead >= 0xe0 && lead <= 0xef
          ? [2, 0x800, lead & 0x0f]
          : lead >= 0xf0 && lead <= 0xf4
            ? [3, 0x10000, lead & 0x07]
            : [0, 0, 0];
    if (follow === 0) return at;
    let codePoint = bits;
    for (let k = 1; k <= follow; k++) {
      const next = bytes[at + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return at;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < least || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return at;
    at += follow + 1;
  }
  return -1;
}

/** Read and parse one seed file; null (with problems recorded) when it cannot be read or does not parse. */
export function* parseFile(path: string, root: string, problems: SeedProblem[]): Steps<ParsedFile | null> {
  const content = yield* readSeedText(path, root, problems);
  if (content === null) return null;
  if (path.endsWith(".json")) {
    const json = yield* parseJson(path, content, problems);
    if (json !== undefined) return json;
  }
  return yield* parseYaml(path, content, problems);
}

/** Parse a file with the YAML parser, which keeps every node's position (JSON files too: JSON is YAML). */
function* parseYaml(
  path: string,
  content: string,
  problems: SeedProblem[],
  checkValues = true,
): Steps<ParsedFile | null> {
  const file = displayPath(path);
  const language = path.endsWith(".json") ? "JSON" : "YAML";
  const lineCounter = new LineCounter();
  // The parser keeps its own stack, so any nesting parses; the composer and toJS recurse once per level, so the
  // depth is checked on the parser's tokens before they run.
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(content));
  yield;
  const tooDeep = deepestCollection(tokens);
  if (tooDeep !== null) {
    problems.push({
      file,
      line: lineCounter.linePos(tooDeep).line,
      message: `${language} nested more than ${SEED_LIMITS.nestingDepth} levels deep`,
      fix: "flatten it: a seed file needs a handful of levels (file → entities → entity → evidence → quote)",
    });
    return null;
  }
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ uniqueKeys: true }).compose(tokens, true, content.length)) {
    if (!doc) {
      doc = next;
      continue;
    }
    doc.errors.push(
      new YAMLParseError(
        next.range.slice(0, 2) as [number, number],
        "MULTIPLE_DOCS",
        "Source contains multiple documents",
      ),
    );
    break;
  }
  yield;
  if (!doc) return null;
  const parsed = doc;
  if (parsed.errors.length > 0) {
    for (const error of parsed.errors) {
      problems.push({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        message: `malformed ${language}: ${error.message.split("\n")[0]}`,
        fix: "correct the syntax at this line (indentation, quotes, colons); nothing in this file was loaded",
      });
    }
    return null;
  }
  let data: unknown;
  try {
    data = parsed.toJS({ maxAliasCount: SEED_LIMITS.aliasCount });
  } catch (error) {
    let firstAlias: number | undefined;
    visit(parsed, {
      Alias(_, node) {
        firstAlias = node.range?.[0];
        return visit.BREAK;
      },
    });
    const message = error instanceof Error ? error.message : String(error);
    const excessive = /excessive alias count/i.test(message);
    problems.push({
      file,
      line: firstAlias === undefined ? 1 : lineCounter.linePos(firstAlias).line,
      message: excessive
        ? `YAML aliases expand beyond the limit of ${SEED_LIMITS.aliasCount} (an anchor reused too often, or aliases of aliases)`
        : `unreadable ${language}: ${message.split("\n")[0]}`,
      fix: excessive
        ? "write the repeated values out, or use fewer aliases"
        : "correct the file at this line; nothing in this file was loaded",
    });
    return null;
  }
  yield;
  const lineOf = (at: readonly PropertyKey[]) => {
    for (let depth = at.length; depth >= 0; depth--) {
      const node = parsed.getIn(at.slice(0, depth) as unknown[], true) as
        | { range?: [number, number] }
        | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const result: ParsedFile = { file, data, lineOf };
  // A JSON file parsed again only for its line numbers has had its strings checked already.
  if (checkValues) yield* checkStrings(result, problems);
  return result;
}

/** The offset of the first collection nested deeper than the limit in a YAML parser's tokens, or null. */
function deepestCollection(tokens: readonly CST.Token[]): number | null {
  const stack: Array<[CST.Token, number]> = tokens.map((token) => [token, 0]);
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [token, depth] = entry;
    if (token.type === "document") {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > SEED_LIMITS.nestingDepth) return token.offset;
      for (const item of token.items) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return null;
}

/** Nodes visited between checkpoints when walking parsed data. */
const WALK_CHUNK = 512;

/**
 * Walk parsed data (without recursion: its depth is bounded, but the walk should not depend on that) and report
 * each string, key or value, holding a control character or a lone surrogate; returns how many keys it holds.
 * The walk keeps no paths: only when it finds such a string does a second walk work out where, to report it.
 */
function* checkStrings(parsed: ParsedFile, problems: SeedProblem[]): Steps<number> {
  let keys = 0;
  let visited = 0;
  let bad = false;
  const stack: unknown[] = [parsed.data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (++visited % WALK_CHUNK === 0) yield;
    if (typeof value === "string") {
      bad ||= BAD_IN_STRING.test(value);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push(value[index]);
    } else if (typeof value === "object" && value !== null) {
      const names = Object.keys(value);
      keys += names.length;
      for (let index = names.length - 1; index >= 0; index--) {
        const key = names[index] as string;
        bad ||= BAD_IN_STRING.test(key);
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  if (bad) yield* reportBadStrings(parsed, problems);
  return keys;
}

/** Report, with its path, each string of parsed data (key or value) holding a control character or a lone surrogate. */
function* reportBadStrings(parsed: ParsedFile, problems: SeedProblem[]): Steps<void> {
  let visited = 0;
  const stack: Array<[unknown, PropertyKey[]]> = [[parsed.data, []]];
  const report = (path: PropertyKey[], what: string, text: string) => {
    // The path may hold the very character reported: it is shown escaped, so a problem stays printable.
    const shown = path.map((segment) =>
      String(segment).replace(
        new RegExp(BAD_IN_STRING, "gu"),
        (bad) => `\\u${bad.charCodeAt(0).toString(16).padStart(4, "0")}`,
      ),
    );
    const where = shown.length > 0 ? `\`${shown.join(".")}\`: ` : "";
    const bad = (BAD_IN_STRING.exec(text)?.[0] ?? "").charCodeAt(0);
    const code = `U+${bad.toString(16).toUpperCase().padStart(4, "0")}`;
    const kind = bad >= 0xd800 && bad <= 0xdfff ? "an unpaired surrogate" : "control character";
    problems.push({
      file: parsed.file,
      line: parsed.lineOf(path),
      message: `${where}${what} holds ${kind} ${code}`,
      fix: "remove it (escapes such as \\0 or \\u0000 included): only tab and line breaks are allowed in text",
    });
  };
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (++visited % WALK_CHUNK === 0) yield;
    const [value, path] = entry;
    if (typeof value === "string") {
      if (BAD_IN_STRING.test(value)) report(path, "string", value);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push([value[index], [...path, index]]);
    } else if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index] as [string, unknown];
        if (BAD_IN_STRING.test(key)) report([...path, key], "key", key);
        stack.push([item, [...path, key]]);
      }
    }
  }
}

/**
 * The fast path for a `.json` file: JSON.parse, several times faster than the YAML parser and without its
 * syntax tree. Line numbers are computed only when a problem asks for one, by parsing the file again with the
 * YAML parser. Returns undefined, so the caller takes the YAML path and reports or accepts exactly what it always
 * did, when JSON.parse rejects the text (malformed JSON, or YAML-only syntax such as comments) or when the text
 * has a duplicate key, which JSON.parse would silently resolve but the YAML parser reports. Returns null (with a
 * problem) when the text nests too deep, which is found before parsing.
 */
function* parseJson(
  path: string,
  content: string,
  problems: SeedProblem[],
): Steps<ParsedFile | null | undefined> {
  const shape = yield* scanJson(content);
  if (shape.tooDeep !== -1) {
    problems.push({
      file: displayPath(path),
      line: lineAt(content, shape.tooDeep),
      message: `JSON nested more than ${SEED_LIMITS.nestingDepth} levels deep`,
      fix: "flatten it: a seed file needs a handful of levels (file → entities → entity → evidence → quote)",
    });
    return null;
  }
  let data: unknown;
  try {
    data = yield* parseJsonInSteps(content, shape.lists);
  } catch {
    return undefined;
  }
  let lines: ParsedFile | null | undefined;
  let listsByKey: Map<unknown, TopLevelList> | undefined;
  let lineStarts: number[] | undefined;
  const parsed: ParsedFile = {
    file: displayPath(path),
    data,
    lineOf(at) {
      // An item written on one line (as generated seeds write them) is found from the scan, without a parse.
      const [key, index] = at;
      listsByKey ??= new Map(
        shape.lists.map((list) => [JSON.parse(content.slice(list.keyStart, list.keyEnd + 1)), list]),
      );
      const item = typeof index === "number" ? listsByKey.get(key)?.bounds : undefined;
      const after = typeof index === "number" ? item?.[index] : undefined;
      const before = typeof index === "number" ? item?.[index + 1] : undefined;
      if (after !== undefined && before !== undefined) {
        const text = content.slice(after + 1, before);
        const start = after + 1 + (text.length - text.trimStart().length);
        if (!text.trim().includes("\n")) {
          lineStarts ??= newlineOffsets(content);
          return lineFromOffsets(lineStarts, start);
        }
      }
      lines ??= runSteps(parseYaml(path, content, [], false));
      return lines ? lines.lineOf(at) : 1;
    },
  };
  const found: SeedProblem[] = [];
  const keys = yield* checkStrings(parsed, found);
  if (keys !== shape.colons) return undefined;
  problems.push(...found);
  return parsed;
}

/** A list that is the value of a key of the top-level object: where it and each of its items start and end. */
interface TopLevelList {
  /** Offsets of the opening quote and closing quote of its key. */
  keyStart: number;
  keyEnd: number;
  /** Offsets of its `[`, of each `,` between its items, and of its `]`. */
  bounds: number[];
}

/**
 * One pass over a JSON text outside its strings: how many key/value separators (`:`) it holds, one per key
 * written (more than the parsed value's keys means an object repeats a key); where, if anywhere, brackets first
 * nest deeper than the limit (-1 if nowhere); and, when the text is an object, where each list under its keys and
 * each item of that list is, so the lists can be parsed an item at a time.
 */
function* scanJson(text: string): Steps<{ colons: number; tooDeep: number; lists: TopLevelList[] }> {
  let colons = 0;
  let depth = 0;
  let checkpoint = SCAN_CHUNK;
  const lists: TopLevelList[] = [];
  let list: TopLevelList | null = null;
  const topIsObject = text.trimStart().startsWith("{");
  let keyStart = -1;
  let keyEnd = -1;
  for (let at = 0; at < text.length; at++) {
    if (at >= checkpoint) {
      checkpoint += SCAN_CHUNK;
      yield;
    }
    const code = text.charCodeAt(at);
    if (code === 0x3a) {
      colons++;
    } else if (code === 0x2c) {
      if (list && depth === 2) list.bounds.push(at);
    } else if (code === 0x5b || code === 0x7b) {
      if (code === 0x5b && depth === 1 && topIsObject && keyStart !== -1) {
        list = { keyStart, keyEnd, bounds: [at] };
      }
      if (++depth > SEED_LIMITS.nestingDepth) return { colons, tooDeep: at, lists };
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
      if (list && depth === 1) {
        list.bounds.push(at);
        lists.push(list);
        list = null;
      }
    } else if (code === 0x22) {
      const start = at;
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (at = text.indexOf('"', at + 1); at !== -1; at = text.indexOf('"', at + 1)) {
        let backslashes = 0;
        while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      if (at === -1) return { colons, tooDeep: -1, lists: [] };
      if (depth === 1) {
        keyStart = start;
        keyEnd = at;
      }
    }
  }
  return { colons, tooDeep: -1, lists };
}

/** Items parsed between checkpoints. */
const JSON_ITEMS_PER_STEP = 64;

/**
 * JSON.parse, an item at a time for the lists under the top-level object's keys (where a seed's bulk is), so a
 * file of many megabytes does not hold the thread for the whole parse. The text is valid exactly when the object
 * with those lists emptied and each item on its own are, so this throws where JSON.parse would.
 */
function* parseJsonInSteps(text: string, lists: readonly TopLevelList[]): Steps<unknown> {
  if (lists.length === 0) return JSON.parse(text);
  let skeleton = "";
  let from = 0;
  for (const list of lists) {
    skeleton += text.slice(from, (list.bounds[0] as number) + 1);
    from = list.bounds[list.bounds.length - 1] as number;
  }
  const top = JSON.parse(skeleton + text.slice(from)) as Record<string, unknown>;
  let parsed = 0;
  for (const list of lists) {
    const items = top[JSON.parse(text.slice(list.keyStart, list.keyEnd + 1)) as string];
    if (!Array.isArray(items)) throw new SyntaxError("a list moved while being parsed");
    const { bounds } = list;
    if (bounds.length === 2 && text.slice((bounds[0] as number) + 1, bounds[1]).trim() === "") continue;
    for (let index = 0; index + 1 < bounds.length; index++) {
      items.push(JSON.parse(text.slice((bounds[index] as number) + 1, bounds[index + 1])));
      if (++parsed % JSON_ITEMS_PER_STEP === 0) yield;
    }
  }
  return top;
}
