/**
 * Random GraphQL requests over the real schema: valid documents (nested selections, inline and named fragments,
 * fragment chains, aliases, variables, several operations), some deliberately over the request limits, and
 * invalid requests (mutated tokens, wrong variable types, unknown fields, fragment cycles, malformed or oversize
 * bodies). Everything is drawn from one seeded `Random`, so a case is replayed from its seed alone.
 */
import {
  doTypesOverlap,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Lexer,
  Source,
  TokenKind,
} from "graphql";
import type { FuzzCorpus } from "./corpus.ts";
import { encodeGlobalId } from "./corpus.ts";
import type { Random } from "./random.ts";

/** A GraphQL request as sent in a JSON body. */
export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** One generated request: the exact body sent, and the GraphQL request it carries when it is one. */
export interface FuzzCase {
  /** Whether the generator meant it to be a valid document (it may still exceed a limit) or an invalid request. */
  kind: "valid" | "invalid";
  /** Which generator produced it, for summaries: "document", "fragment-chain", "token-mutation"… */
  label: string;
  /** The raw POST body. */
  body: string;
  /** Send the body with chunked transfer encoding (no content-length). */
  chunked: boolean;
  /** The request inside the body, when the body is well-formed JSON with a string `query`. */
  request?: GraphQLRequest;
}

/** The schema and the real data the generator draws from. */
export interface GeneratorEnvironment {
  schema: GraphQLSchema;
  corpus: FuzzCorpus;
}

/** The request limits the generator aims under (mostly) or over (sometimes); the server's defaults. */
const AIMED_LIMITS = { depth: 12, aliases: 15, tokens: 2000, bodyBytes: 100 * 1024 };

/** A variable an operation declares. */
interface VariableDefinition {
  name: string;
  /** The declared type as written, e.g. `[ID!]!`. */
  declaredType: string;
  defaultLiteral?: string;
  supplied: boolean;
  value: unknown;
}

/** A named fragment of the document being built. */
interface FragmentDefinition {
  name: string;
  typeName: string;
  text: string;
  /** Variables its selections use, including through the fragments it spreads. */
  variables: Set<string>;
  /** Selection nesting below the spread point. */
  height: number;
  /** Aliases it holds, counting those of the fragments it spreads once per spread (as the alias limit does). */
  aliases: number;
}

/** A generated selection set and how deep it nests. */
interface Selections {
  text: string;
  height: number;
}

/** The output type of a field as a composite type, when it has a selection set. */
function compositeOf(field: GraphQLField<unknown, unknown>): GraphQLCompositeType | undefined {
  const type = getNamedType(field.type);
  return isCompositeType(type) ? type : undefined;
}

/** Root fields that exercise traversal, lists of ids and search, drawn more often than the rest. */
const ROOT_FIELD_WEIGHTS: Record<string, number> = {
  neighborhood: 4,
  paths: 4,
  search: 3,
  nodes: 4,
  node: 2,
  entity: 4,
};

/** Builds one document: its variables, fragments and aliases, under (or deliberately over) the limits. */
class DocumentBuilder {
  readonly variables = new Map<string, VariableDefinition>();
  readonly fragments: FragmentDefinition[] = [];
  /** Aliases so far, as the alias limit counts them. */
  private aliases = 0;
  /** Aliases ever named, so every alias is unique. */
  private aliasNames = 0;
  private readonly argumentsByField = new Map<string, string>();
  /** The variables used by the operation or fragment being generated. */
  private usedVariables = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly env: GeneratorEnvironment,
    private readonly aims: { depth: number; aliases: number; breadth: number; nesting: number },
  ) {}

  /** An operation of the given name (anonymous when empty) with a random root selection. */
  operation(name: string): string {
    this.usedVariables = new Set();
    const query = this.env.schema.getQueryType();
    if (!query) throw new Error("schema without a query type");
    const selections = this.selectionSet(query, 1);
    const declared = [...this.usedVariables].map((variable) => {
      const definition = this.variables.get(variable) as VariableDefinition;
      const defaultPart = definition.defaultLiteral === undefined ? "" : ` = ${definition.defaultLiteral}`;
      return `$${variable}: ${definition.declaredType}${defaultPart}`;
    });
    const head = declared.length > 0 ? `query ${name}(${declared.join(", ")})` : name ? `query ${name}` : "";
    return `${head}${head ? " " : ""}${selections.text}`;
  }

  /** The variables object to send: every supplied variable of every operation. */
  variableValues(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const definition of this.variables.values()) {
      if (definition.supplied) values[definition.name] = definition.value;
    }
    return values;
  }

  /** The fragment definitions, in the order they were created. */
  fragmentText(): string {
    return this.fragments.map((fragment) => fragment.text).join("\n");
  }

  /** A selection set on `type` whose fields sit at nesting level `depth` (root fields are level 1). */
  selectionSet(type: GraphQLCompositeType, depth: number): Selections {
    const { rng } = this;
    const count = rng.int(1, Math.max(1, this.aims.breadth - Math.floor(depth / 2)));
    const parts: string[] = [];
    const keys = new Set<string>();
    let height = 1;
    for (let i = 0; i < count; i++) {
      const roll = rng.next();
      if (roll < 0.1 && depth < this.aims.depth) {
        const inline = this.inlineFragment(type, depth);
        if (inline) {
          parts.push(inline.text);
          height = Math.max(height, inline.height);
          continue;
        }
      } else if (roll < 0.2 && depth < this.aims.depth) {
        const spread = this.fragmentSpread(type, depth);
        if (spread) {
          parts.push(spread.text);
          height = Math.max(height, spread.height);
          continue;
        }
      }
      const field = this.field(type, depth, keys);
      if (field) {
        parts.push(field.text);
        height = Math.max(height, field.height);
      }
    }
    if (parts.length === 0) parts.push("__typename");
    return { text: `{ ${parts.join(" ")} }`, height };
  }

  /** One field of `type` (with alias, arguments and sub-selection), or undefined when none fits. */
  private field(type: GraphQLCompositeType, depth: number, keys: Set<string>): Selections | undefined {
    const { rng, env } = this;
    if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
    const all = Object.values(type.getFields());
    const mayNest = depth < this.aims.depth;
    // Prefer nesting while shallow so documents reach the depths the limits are about.
    const wantNested =
      mayNest && rng.chance(depth <= 2 ? Math.max(0.7, this.aims.nesting) : this.aims.nesting);
    const candidates = all.filter((field) => (compositeOf(field) !== undefined) === wantNested);
    const pool = candidates.length > 0 ? candidates : all.filter((field) => !compositeOf(field) || mayNest);
    if (pool.length === 0) return undefined;
    const field =
      type === env.schema.getQueryType()
        ? rng.weighted(pool.map((f) => [ROOT_FIELD_WEIGHTS[f.name] ?? 1, f] as const))
        : rng.pick(pool);
    let alias = "";
    if (keys.has(field.name) || (this.aliases < this.aims.aliases && rng.chance(0.08))) {
      if (this.aliases >= this.aims.aliases) return undefined;
      this.aliases++;
      this.aliasNames++;
      alias = `a${this.aliasNames}_${field.name}`;
    }
    keys.add(alias || field.name);
    const args = this.argumentsOf(field, alias !== "");
    const composite = compositeOf(field);
    const head = `${alias ? `${alias}: ` : ""}${field.name}${args}`;
    if (!composite) return { text: head, height: 1 };
    const inner = this.selectionSet(composite, depth + 1);
    return { text: `${head} ${inner.text}`, height: inner.height + 1 };
  }

  /** `... on T { … }` for a type that overlaps `type`. */
  private inlineFragment(type: GraphQLCompositeType, depth: number): Selections | undefined {
    const conditions = overlappingTypes(this.env.schema, type);
    if (conditions.length === 0) return undefined;
    const condition = this.rng.pick(conditions);
    const inner = this.selectionSet(condition, depth);
    return { text: `... on ${condition.name} ${inner.text}`, height: inner.height };
  }

  /** `...Name`, reusing a fragment that fits here or defining a new one. */
  private fragmentSpread(type: GraphQLCompositeType, depth: number): Selections | undefined {
    const { rng, env } = this;
    const fits = this.fragments.filter((fragment) => {
      const condition = env.schema.getType(fragment.typeName);
      return (
        condition !== undefined &&
        isCompositeType(condition) &&
        doTypesOverlap(env.schema, condition, type) &&
        depth + fragment.height - 1 <= this.aims.depth &&
        this.aliases + fragment.aliases <= this.aims.aliases
      );
    });
    let fragment = fits.length > 0 && rng.chance(0.6) ? rng.pick(fits) : undefined;
    if (!fragment) {
      if (this.fragments.length >= 6) return undefined;
      const conditions = [type, ...overlappingTypes(env.schema, type)];
      const condition = rng.pick(conditions);
      const outer = this.usedVariables;
      const aliasesBefore = this.aliases;
      this.usedVariables = new Set();
      const body = this.selectionSet(condition, depth);
      const aliases = this.aliases - aliasesBefore;
      // Its aliases count again at each spread, including this one (below).
      this.aliases = aliasesBefore;
      const name = `F${this.fragments.length}_${condition.name}`;
      fragment = {
        name,
        typeName: condition.name,
        text: `fragment ${name} on ${condition.name} ${body.text}`,
        variables: this.usedVariables,
        height: body.height,
        aliases,
      };
      this.usedVariables = outer;
      this.fragments.push(fragment);
    }
    this.aliases += fragment.aliases;
    for (const variable of fragment.variables) this.usedVariables.add(variable);
    return { text: `...${fragment.name}`, height: fragment.height };
  }

  /** The argument list of a field; the same field gets the same arguments unless aliased (so fields merge). */
  private argumentsOf(field: GraphQLField<unknown, unknown>, aliased: boolean): string {
    const key = `${field.name}(${field.args.map((arg) => arg.name).join(",")})`;
    const known = aliased ? undefined : this.argumentsByField.get(key);
    if (known !== undefined) {
      for (const match of known.matchAll(/\$(\w+)/g)) this.usedVariables.add(match[1] as string);
      return known;
    }
    const parts: string[] = [];
    for (const arg of field.args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      const wanted = required || this.rng.chance(/^(first|last)$/.test(arg.name) ? 0.55 : 0.4);
      if (!wanted) continue;
      const draw = () => argumentValue(this.rng, this.env, arg.name, arg.type);
      parts.push(
        `${arg.name}: ${this.rng.chance(0.2) ? this.variable(arg.type, draw) : literal(draw(), arg.type)}`,
      );
    }
    const text = parts.length > 0 ? `(${parts.join(", ")})` : "";
    if (!aliased) this.argumentsByField.set(key, text);
    return text;
  }

  /** Declare a variable of `type` (values from `draw`): with or without a default, supplied or not. */
  private variable(type: GraphQLInputType, draw: () => unknown): string {
    const { rng } = this;
    const name = `v${this.variables.size}`;
    const tightened = !isNonNullType(type) && rng.chance(0.2);
    const declaredType = tightened ? `${String(type)}!` : String(type);
    const nonNull = tightened || isNonNullType(type);
    const hasDefault = rng.chance(0.3);
    // A non-null variable without a default must be supplied for the document to be valid.
    const supplied = (nonNull && !hasDefault) || rng.chance(0.6);
    this.variables.set(name, {
      name,
      declaredType,
      defaultLiteral: hasDefault ? literal(draw(), type) : undefined,
      supplied,
      value: supplied ? draw() : undefined,
    });
    this.usedVariables.add(name);
    return `$${name}`;
  }
}

const overlapCache = new WeakMap<GraphQLSchema, Map<string, GraphQLCompositeType[]>>();

/** Composite types other than `type` that may appear as a type condition inside a selection on `type`. */
function overlappingTypes(schema: GraphQLSchema, type: GraphQLCompositeType): GraphQLCompositeType[] {
  let bySchema = overlapCache.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    overlapCache.set(schema, bySchema);
  }
  let found = bySchema.get(type.name);
  if (!found) {
    found = Object.values(schema.getTypeMap()).filter(
      (other): other is GraphQLCompositeType =>
        isCompositeType(other) &&
        !other.name.startsWith("__") &&
        other !== type &&
        (isAbstractType(type) || isAbstractType(other)) &&
        doTypesOverlap(schema, other, type),
    );
    bySchema.set(type.name, found);
  }
  return found;
}

/** Print a JavaScript value as a GraphQL literal of `type` (enums bare, strings quoted, lists and objects). */
export function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return "null";
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [value];
    return `[${items.map((item) => literal(item, inner.ofType)).join(", ")}]`;
  }
  if (isInputObjectType(inner) && typeof value === "object") {
    const fields = inner.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(([name, item]) => {
      const field = fields[name];
      return `${name}: ${field ? literal(item, field.type) : JSON.stringify(item)}`;
    });
    return `{${entries.join(", ")}}`;
  }
  if (isEnumType(inner) && typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A cursor as the API issues them (base64 of `OffsetConnection:n`), or sometimes one it never issued. */
function cursorValue(rng: Random): string {
  return rng.weighted<() => string>([
    [7, () => Buffer.from(`OffsetConnection:${rng.int(0, 40)}`).toString("base64")],
    [1, () => Buffer.from(`OffsetConnection:${rng.pick([-1, 1e6, 99999999999])}`).toString("base64")],
    [
      1,
      () => rng.pick(["", "abc", "=====", "T2Zmc2V0", Buffer.from("arrayconnection:3").toString("base64")]),
    ],
  ])();
}

/** A global id: mostly a real one, sometimes unknown, malformed or of the wrong type. */
function globalIdValue(rng: Random, corpus: FuzzCorpus): string {
  return rng.weighted<() => string>([
    [10, () => rng.pick(corpus.entityIds)],
    [2, () => rng.pick(corpus.relationIds)],
    [1, () => encodeGlobalId(rng.pick(["Person", "Topic", "Relation"]), `no-such-${rng.int(0, 99)}`)],
    [1, () => encodeGlobalId(rng.pick(["Query", "Unknown", "PageInfo"]), rng.pick(corpus.slugs))],
    [1, () => rng.pick(["", "xyz", "%%%", "UGVyc29u", rng.pick(corpus.slugs)])],
  ])();
}

/** A `search` query: real words, prefixes, typos, sometimes empty or over the 200-character limit. */
function searchQueryValue(rng: Random, corpus: FuzzCorpus): string {
  return rng.weighted<() => string>([
    [6, () => rng.sample(corpus.words, rng.int(1, 3)).join(" ")],
    [2, () => rng.pick(corpus.words).slice(0, rng.int(2, 5))],
    [2, () => typo(rng, rng.pick(corpus.words))],
    [1, () => rng.pick(["", " ", "*", "<mark>", '"', "a".repeat(rng.int(190, 260))])],
  ])();
}

/** A word with one letter dropped or doubled. */
function typo(rng: Random, word: string): string {
  const at = rng.int(0, Math.max(0, word.length - 1));
  return rng.chance(0.5) ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at + 1) + word.slice(at);
}

/** An integer mostly in `[low, high]`, sometimes just outside it or far out. */
function boundedInt(rng: Random, low: number, high: number, typical: [number, number]): number {
  return rng.weighted<() => number>([
    [12, () => rng.int(typical[0], typical[1])],
    [3, () => rng.int(low, high)],
    [1, () => rng.pick([low - 1, high + 1, -1, 0, 2 ** 31 - 1, -(2 ** 31)])],
  ])();
}

/** A value for an argument, chosen by its name and type so it usually means something to the API. */
export function argumentValue(
  rng: Random,
  env: GeneratorEnvironment,
  name: string,
  type: GraphQLInputType,
): unknown {
  const { corpus } = env;
  const named = getNamedType(type);
  const listed = isListType(isNonNullType(type) ? type.ofType : type);
  if (named.name === "Date") {
    return rng.pick([
      "2020",
      "2020-11",
      "2020-11-10",
      "2021",
      "2023-06-30",
      "2019-01",
      "2025",
      "2020-13",
      "20",
    ]);
  }
  if (listed) {
    const itemType = (isNonNullType(type) ? type.ofType : type) as { ofType: GraphQLInputType };
    const length = rng.weighted<number>([
      [2, 0],
      [6, rng.int(1, 4)],
      [3, rng.int(5, 12)],
      [1, rng.int(13, 40)],
    ]);
    return Array.from({ length }, () => argumentValue(rng, env, name, itemType.ofType));
  }
  switch (name) {
    case "first":
    case "last":
      return boundedInt(rng, 0, 100, [0, 4]);
    case "after":
    case "before":
      return cursorValue(rng);
    case "ids":
    case "id":
    case "from":
    case "to":
      return globalIdValue(rng, corpus);
    case "slug":
      return rng.chance(0.9)
        ? rng.pick(corpus.slugs)
        : rng.pick(["no-such-slug", "", "XI-JINPING", "x".repeat(300)]);
    case "query":
      return searchQueryValue(rng, corpus);
    case "depth":
      return boundedInt(rng, 1, 3, [1, 2]);
    case "limit":
      return boundedInt(rng, 0, 500, [1, 30]);
    case "maxDepth":
      return boundedInt(rng, 1, 6, [1, 4]);
    case "filter":
      return commitmentFilter(rng, corpus);
    case "yearDue":
      return rng.int(2018, 2026);
  }
  return scalarOrEnumValue(rng, corpus, named);
}

/** A value of a named input type by its type alone. */
function scalarOrEnumValue(rng: Random, corpus: FuzzCorpus, named: GraphQLNamedType): unknown {
  if (isEnumType(named)) return rng.pick(named.getValues()).name;
  if (isInputObjectType(named)) return {};
  switch (named.name) {
    case "Int":
      return rng.int(-2, 10);
    case "Float":
      return rng.next() * 10;
    case "Boolean":
      return rng.chance(0.5);
    case "ID":
      return globalIdValue(rng, corpus);
    default:
      return rng.pick(corpus.words);
  }
}

/** A `CommitmentFilter` naming real committers, initiatives and topics, or words. */
function commitmentFilter(rng: Random, corpus: FuzzCorpus): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const slugOf = (kinds: string[]) => {
    const pool = kinds.flatMap((kind) => corpus.slugsByKind.get(kind as never) ?? []);
    return pool.length > 0 && rng.chance(0.85) ? rng.pick(pool) : rng.pick(corpus.slugs);
  };
  if (rng.chance(0.3)) filter.committer = slugOf(["PERSON", "ORGANIZATION", "COUNTRY", "GROUP"]);
  if (rng.chance(0.3)) filter.initiative = slugOf(["INITIATIVE"]);
  if (rng.chance(0.3)) filter.topic = slugOf(["TOPIC"]);
  if (rng.chance(0.3)) filter.text = rng.pick(corpus.words);
  if (rng.chance(0.3))
    filter.kinds = rng.sample(["PLEDGE", "PROPOSAL", "CALL", "POSITION", "AGREEMENT"], rng.int(0, 3));
  if (rng.chance(0.2)) filter.yearDue = rng.int(2018, 2026);
  return filter;
}

/** Wrap a GraphQL request in a JSON body, sometimes with `variables: null` or without the key. */
function jsonBody(rng: Random, request: GraphQLRequest): string {
  const body: Record<string, unknown> = { query: request.query };
  if (request.operationName !== undefined) body.operationName = request.operationName;
  if (request.variables && Object.keys(request.variables).length > 0) body.variables = request.variables;
  else if (rng.chance(0.2)) body.variables = rng.chance(0.5) ? null : {};
  return JSON.stringify(body);
}

/** A case for a GraphQL request, sent as JSON. */
function requestCase(rng: Random, kind: FuzzCase["kind"], label: string, request: GraphQLRequest): FuzzCase {
  return { kind, label, body: jsonBody(rng, request), chunked: rng.chance(0.05), request };
}

/** How far a valid document aims: usually within the limits, sometimes just over one. */
type Aim = "within" | "deep" | "aliases" | "tokens";

/** A valid document: one to three operations over random selections, fragments and variables. */
export function generateDocument(
  rng: Random,
  env: GeneratorEnvironment,
  aim: Aim = "within",
): GraphQLRequest {
  const aims = {
    depth:
      aim === "deep"
        ? rng.int(AIMED_LIMITS.depth + 1, AIMED_LIMITS.depth + 6)
        : rng.weighted([
            [6, rng.int(2, 6)],
            [3, rng.int(7, 10)],
            [1, rng.int(11, AIMED_LIMITS.depth)],
          ]),
    aliases: AIMED_LIMITS.aliases,
    breadth: rng.int(2, 4),
    nesting: aim === "deep" ? 0.95 : 0.45,
  };
  const builder = new DocumentBuilder(rng, env, aims);
  const operationCount = rng.weighted([
    [8, 1],
    [2, rng.int(2, 3)],
  ]);
  // An anonymous operation must be alone in its document.
  const anonymous = operationCount === 1 && aim !== "aliases" && aim !== "tokens" && rng.chance(0.5);
  const names = anonymous ? [""] : Array.from({ length: operationCount }, (_, i) => `Op${i}`);
  const operations = names.map((name) => builder.operation(name));
  if (aim === "aliases") {
    names.push("Extra");
    operations.push(manyAliases(rng, env, rng.int(AIMED_LIMITS.aliases + 1, 40)));
  }
  if (aim === "tokens") {
    names.push("Extra");
    operations.push(manyTokens(rng, env));
  }
  const query = [...operations, builder.fragmentText()].filter(Boolean).join("\n");
  const mustName = operations.length > 1;
  let operationName: string | undefined;
  if (names.includes("Extra") && rng.chance(0.8)) operationName = "Extra";
  else if (mustName || (!anonymous && rng.chance(0.5))) operationName = rng.pick(names);
  return { query, variables: builder.variableValues(), operationName };
}

/** An operation with `count` aliased root fields (over the alias limit when count > 15). */
function manyAliases(rng: Random, env: GeneratorEnvironment, count: number): string {
  const fields = Array.from(
    { length: count },
    (_, i) => `x${i}: entity(slug: ${JSON.stringify(rng.pick(env.corpus.slugs))}) { name }`,
  );
  return `query Extra { ${fields.join(" ")} }`;
}

/** An operation with well over 2000 tokens: a long `nodes(ids:)` list. */
function manyTokens(rng: Random, env: GeneratorEnvironment): string {
  const ids = rng.sample(env.corpus.entityIds, rng.int(AIMED_LIMITS.tokens + 1, AIMED_LIMITS.tokens * 1.3));
  return `query Extra { nodes(ids: ${JSON.stringify(ids)}) { id } }`;
}

/**
 * Fragments F0…Fn-1 where each spreads the next `fanout` times: 2^n paths through n small fragments, the shape of
 * the known exponential-cost attack on anything that walks fragments without memoising.
 */
export function fragmentChain(
  rng: Random,
  env: GeneratorEnvironment,
  length: number,
  fanout = 2,
): GraphQLRequest {
  const conditions: Record<string, string[]> = {
    Entity: ["name", "slug", "kind", "id"],
    Node: ["id"],
    Actor: ["name", "aliases"],
  };
  const fragments: string[] = [];
  for (let i = 0; i < length; i++) {
    const condition = rng.pick(Object.keys(conditions));
    const leaf = rng.pick(conditions[condition] as string[]);
    const next = i + 1 < length ? ` ${Array.from({ length: fanout }, () => `...F${i + 1}`).join(" ")}` : "";
    fragments.push(`fragment F${i} on ${condition} { ${leaf}${next} }`);
  }
  const root = rng.weighted<() => string>([
    [3, () => `entity(slug: ${JSON.stringify(rng.pick(env.corpus.slugs))}) { ...F0 }`],
    [2, () => `nodes(ids: ${JSON.stringify(rng.sample(env.corpus.entityIds, rng.int(1, 4)))}) { ...F0 }`],
    [2, () => `entities(first: ${rng.int(1, 5)}) { nodes { ...F0 } }`],
    [1, () => `neighborhood(id: ${JSON.stringify(rng.pick(env.corpus.entityIds))}) { nodes { ...F0 } }`],
  ])();
  return { query: `query Chain { ${root} }\n${fragments.join("\n")}` };
}

/** Split a document into its lexical tokens (as written), or undefined when it does not lex. */
export function tokensOf(query: string): string[] | undefined {
  try {
    const lexer = new Lexer(new Source(query));
    const tokens: string[] = [];
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens.push(query.slice(token.start, token.end));
    }
    return tokens;
  } catch {
    return undefined;
  }
}

/** Tokens that, dropped into a document, break it in interesting ways. */
const STRAY_TOKENS = [
  "{",
  "}",
  "(",
  ")",
  ":",
  "$",
  "...",
  "@skip",
  "[",
  "]",
  "=",
  "!",
  "|",
  "&",
  "on",
  "fragment",
  "query",
  "null",
  '"',
  "1e999",
  "#",
  "\\u0000",
  "subscription",
  "mutation",
];

/** Delete, duplicate, swap or replace tokens of a valid document. */
function mutateTokens(rng: Random, query: string): string {
  const tokens = tokensOf(query) ?? [query];
  const edits = rng.int(1, 3);
  for (let e = 0; e < edits && tokens.length > 0; e++) {
    const at = rng.int(0, tokens.length - 1);
    const operation = rng.pick(["delete", "duplicate", "swap", "replace", "truncate"] as const);
    if (operation === "delete") tokens.splice(at, 1);
    else if (operation === "duplicate") tokens.splice(at, 0, tokens[at] as string);
    else if (operation === "swap" && at + 1 < tokens.length) {
      [tokens[at], tokens[at + 1]] = [tokens[at + 1] as string, tokens[at] as string];
    } else if (operation === "replace") tokens[at] = rng.pick(STRAY_TOKENS);
    else tokens.length = at;
  }
  return tokens.join(" ");
}

/** A value of the wrong type for a variable that held `value`. */
function wrongValue(rng: Random, value: unknown): unknown {
  if (typeof value === "number") return rng.pick([String(value), true, [value], { n: value }, 1.5, 2 ** 40]);
  if (typeof value === "string") return rng.pick([42, false, [value, value], { value }, null]);
  if (Array.isArray(value))
    return rng.pick(["not-a-list", 7, { 0: value[0] ?? null }, [null], [[value[0] ?? 1]]]);
  if (value !== null && typeof value === "object") return rng.pick(["{}", 3, [value], { unknownField: 1 }]);
  return rng.pick([{}, "x", 0]);
}

/** Insert an unknown field (or a field of another type) after a random `{`. */
function insertUnknownField(rng: Random, query: string): string {
  const braces = [...query.matchAll(/\{/g)].map((match) => match.index ?? 0);
  if (braces.length === 0) return `{ ${query}`;
  const at = rng.pick(braces) + 1;
  const field = rng.pick([
    "bogus",
    "__bogus",
    "passwordHash",
    "evidence { nope }",
    "totalCount",
    "cursor",
    "name(first: 1)",
    "slug { id }",
  ]);
  return `${query.slice(0, at)} ${field} ${query.slice(at)}`;
}

/** Fragments that spread each other in a cycle (self-spread, pairs, longer rings), maybe also doubled. */
function fragmentCycle(rng: Random, env: GeneratorEnvironment): GraphQLRequest {
  const length = rng.int(1, 5);
  const fragments = Array.from({ length }, (_, i) => {
    const spreads = Array.from({ length: rng.int(1, 2) }, () => `...C${(i + 1) % length}`).join(" ");
    return `fragment C${i} on Entity { name ${spreads} }`;
  });
  return {
    query: `{ entity(slug: ${JSON.stringify(rng.pick(env.corpus.slugs))}) { ...C0 } }\n${fragments.join("\n")}`,
  };
}

/** Bodies that are not a well-formed GraphQL-over-HTTP request. */
function malformedBody(rng: Random, valid: string): string {
  return rng.weighted<() => string>([
    [3, () => valid.slice(0, rng.int(0, Math.max(0, valid.length - 1)))],
    [1, () => "[]"],
    [2, () => `[${valid},${valid}]`],
    [1, () => rng.pick(["null", "true", "42", '"{ __typename }"', "{}", ""])],
    [1, () => JSON.stringify({ query: rng.pick([42, null, ["{ __typename }"], { q: 1 }]) })],
    [1, () => JSON.stringify({ query: "{ __typename }", variables: rng.pick(["x", 3, [1], true]) })],
    [1, () => JSON.stringify({ query: "{ __typename }", operationName: rng.pick([5, {}, ["a"], true]) })],
    [
      1,
      () =>
        JSON.stringify({
          query: "{ __typename }",
          extensions: rng.pick(["x", 3, { persistedQuery: { sha256Hash: "x", version: 1 } }]),
        }),
    ],
    [1, () => `${valid}garbage`],
    [1, () => valid.replace(/"/, "'")],
    [1, () => `{"query": "{ __typename }", "query": ${JSON.stringify(rng.pick(["{ x }", "{"]))}}`],
    [1, () => `\ufeff${valid}`],
  ])();
}

/** A body over the 100 KB limit: a padded comment, a huge variables object or a long id list. */
function oversizeBody(rng: Random, env: GeneratorEnvironment): string {
  const bytes =
    AIMED_LIMITS.bodyBytes +
    rng.weighted<number>([
      [3, rng.int(1, 64)],
      [2, rng.int(1000, 200_000)],
    ]);
  return rng.weighted<() => string>([
    [2, () => JSON.stringify({ query: `{ __typename }\n#${"x".repeat(bytes)}` })],
    [1, () => JSON.stringify({ query: "{ __typename }", variables: { pad: "y".repeat(bytes) } })],
    [
      1,
      () => {
        const count = Math.ceil(bytes / 30);
        return JSON.stringify({
          query: `{ nodes(ids: ${JSON.stringify(rng.sample(env.corpus.entityIds, count))}) { id } }`,
        });
      },
    ],
  ])();
}

/** One invalid request of a random kind. */
function generateInvalid(rng: Random, env: GeneratorEnvironment): FuzzCase {
  const base = generateDocument(rng, env);
  const label = rng.weighted<string>([
    [5, "token-mutation"],
    [3, "wrong-variable-type"],
    [3, "unknown-field"],
    [2, "fragment-cycle"],
    [2, "missing-operation-name"],
    [1, "undeclared-variable"],
    [3, "malformed-json"],
    [1, "oversize-body"],
  ]);
  switch (label) {
    case "token-mutation":
      return requestCase(rng, "invalid", label, { ...base, query: mutateTokens(rng, base.query) });
    case "wrong-variable-type": {
      const variables = { ...base.variables };
      const names = Object.keys(variables);
      if (names.length === 0) {
        return requestCase(rng, "invalid", label, {
          query: "query W($n: Int, $id: ID!) { entities(first: $n) { totalCount } node(id: $id) { id } }",
          variables: { n: wrongValue(rng, 3), id: wrongValue(rng, env.corpus.entityIds[0]) },
        });
      }
      const name = rng.pick(names);
      variables[name] = rng.chance(0.2) ? null : wrongValue(rng, variables[name]);
      return requestCase(rng, "invalid", label, { ...base, variables });
    }
    case "unknown-field":
      return requestCase(rng, "invalid", label, { ...base, query: insertUnknownField(rng, base.query) });
    case "fragment-cycle":
      return requestCase(rng, "invalid", label, fragmentCycle(rng, env));
    case "missing-operation-name": {
      const query = `query A { entity(slug: ${JSON.stringify(rng.pick(env.corpus.slugs))}) { name } }\nquery B { entities(first: 1) { totalCount } }`;
      const operationName = rng.pick([undefined, "C", "", "a"]);
      return requestCase(rng, "invalid", label, { query, operationName });
    }
    case "undeclared-variable":
      return requestCase(rng, "invalid", label, {
        query: "query U { entities(first: $n) { totalCount } }",
        variables: rng.chance(0.5) ? { n: 2 } : {},
      });
    case "malformed-json":
      return {
        kind: "invalid",
        label,
        body: malformedBody(rng, jsonBody(rng, base)),
        chunked: rng.chance(0.1),
      };
    default:
      return { kind: "invalid", label, body: oversizeBody(rng, env), chunked: rng.chance(0.3) };
  }
}

/** One request of the campaign mix: about 70% valid documents (a few over a limit), 30% invalid requests. */
export function generateCase(rng: Random, env: GeneratorEnvironment): FuzzCase {
  if (rng.chance(0.3)) return generateInvalid(rng, env);
  const label = rng.weighted<string>([
    [80, "document"],
    [8, "fragment-chain"],
    [4, "deep"],
    [4, "aliases"],
    [4, "tokens"],
  ]);
  if (label === "fragment-chain") {
    const length = rng.weighted<number>([
      [6, rng.int(2, 6)],
      [3, rng.int(7, 14)],
      [1, rng.int(15, 23)],
    ]);
    // Three spreads per fragment grow as 3^n: shorter chains keep the worst case comparable to 2^22.
    const fanout = rng.chance(0.85) ? 2 : 3;
    return requestCase(
      rng,
      "valid",
      label,
      fragmentChain(rng, env, fanout === 2 ? length : Math.min(length, 14), fanout),
    );
  }
  const aim: Aim = label === "document" ? "within" : (label as Aim);
  return requestCase(rng, "valid", label, generateDocument(rng, env, aim));
}
