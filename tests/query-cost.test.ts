import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  typeFromAST,
} from "graphql";
import { describe, expect, it } from "vitest";
import { MAX_LIST_ARGUMENT_ITEMS } from "../src/config.ts";
import {
  costVariables,
  PRICING_WORK_LIMIT,
  QueryRefusal,
  queryCost,
  selectOperation,
} from "../src/http/plugins/query-cost.ts";
import { declaredListSize } from "../src/schema/cost.ts";
import { schema } from "../src/schema/index.ts";
import { execute, globalId, store } from "./support/api.ts";

const graph = store.stats();
const cost = (source: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  queryCost(schema, parse(source), variables, operationName, graph);

/** The refusal a document gets from the pricing pass, or null when it is priced. */
function refusalOf(source: string, variables: Record<string, unknown> = {}): QueryRefusal | null {
  try {
    cost(source, variables);
    return null;
  } catch (error) {
    if (error instanceof QueryRefusal) return error;
    throw error;
  }
}

/** Count every JSON object below `data` (the objects a response holds). */
function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + objectsIn(item), 0);
  if (value === null || typeof value !== "object") return 0;
  return 1 + Object.values(value).reduce((sum: number, item) => sum + objectsIn(item), 0);
}

describe("the node budget counts every object a response can hold", () => {
  it("prices a connection as itself plus its page of edges and nodes", () => {
    expect(cost(`{ entities(first: 10) { nodes { slug } } }`)).toBe(1 + 10);
    expect(
      cost(`{ entities(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { slug } } } }`),
    ).toBe(1 + 1 + 10 * (1 + 1));
    // connection + 10 × (edge + node + relations connection + 3 relations)
    expect(
      cost(`{ entities(first: 10) { edges { node { relations(first: 3) { nodes { type } } } } } }`),
    ).toBe(1 + 10 * (1 + 1 + 1 + 3));
  });

  it("uses the default page size when first is absent, variables and their defaults when given", () => {
    expect(cost(`{ commitments { nodes { slug } } }`)).toBe(1 + 25);
    expect(cost(`query($n: Int) { commitments(first: $n) { nodes { slug } } }`, { n: 7 })).toBe(1 + 7);
    expect(cost(`query($n: Int = 4) { commitments(first: $n) { nodes { slug } } }`)).toBe(1 + 4);
    expect(cost(`{ commitments(first: 9, last: 3) { nodes { slug } } }`)).toBe(1 + 3);
  });

  it("prices lists without a size argument at the longest such list in the served graph", () => {
    const evidence = graph.largestLists.evidence;
    expect(evidence).toBeGreaterThan(0);
    const source = `{ entity(slug: "x") { ...F } } fragment F on Entity { evidence { document { slug } } }`;
    expect(cost(source)).toBe(1 + evidence * (1 + 1));
  });

  it("prices traversals by their limits and nodes(ids:) by its ids", () => {
    expect(cost(`{ neighborhood(id: "x", limit: 100) { nodes { slug } edges { type } } }`)).toBe(
      1 + 100 + 150,
    );
    expect(cost(`{ neighborhood(id: "x", limit: 10, edgeLimit: 20) { edges { type } } }`)).toBe(1 + 20);
    expect(cost(`{ paths(from: "a", to: "b", first: 3, maxDepth: 6) { steps { entity { slug } } } }`)).toBe(
      3 * (1 + 6 * (1 + 1)),
    );
    const ids = ["a", "b", "c"].map((slug) => globalId("Country", slug));
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).toBe(3);
  });

  it("does not count introspection, which the schema bounds", () => {
    expect(cost(`{ __schema { types { fields { type { name } } } } __typename }`)).toBe(0);
  });

  it("is an upper bound on the objects of real answers", async () => {
    const queries = [
      `{ entity(slug: "xi-jinping") { ... on Person { proposed { edges { node { commitments(first: 50) { nodes { evidence { document { title } } committedBy(first: 10) { nodes { name } } } } } } } } } }`,
      `{ neighborhood(id: "${globalId("Person", "xi-jinping")}", depth: 2, limit: 80) { nodes { slug } edges { evidence { quote } } truncated } }`,
      `{ commitmentFacets { byKind { count } byCommitter { entity { slug } } byTopic { count } byYear { year } byInitiative { count } } }`,
      `{ documents(first: 20) { nodes { ... on Document { sections { title } passages(first: 20) { nodes { entities { slug } relations { type } } } } } } }`,
    ];
    for (const source of queries) {
      const answer = await execute(source);
      expect(answer.errors, source).toBeUndefined();
      const objects = objectsIn(answer.data);
      expect(objects, source).toBeGreaterThan(3);
      expect(objects, source).toBeLessThanOrEqual(cost(source));
    }
  });
});

describe("pricing holds for every shape", () => {
  it("prices a chain of fragments that each spread the next twice in linear work (2^40 objects, at once)", () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { entity(slug: "china") { name } }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    // Without memoisation this walk takes 2^40 steps and never returns; the test's timeout would catch it.
    expect(cost(`{ ...F0 } ${fragments.join(" ")}`)).toBe(2 ** (levels - 1));
  });

  it("refuses, with a code, a document whose pricing would exceed the work limit", () => {
    const wide = Array.from({ length: 2_000 }, () => "name").join(" ");
    const spreads = Array.from({ length: 40 }, (_, i) => `a${i}: entity(slug: "china") { ...G }`).join(" ");
    const refusal = refusalOf(`{ ${spreads} } fragment G on Entity { ${wide} }`);
    expect(refusal?.code).toBe("QUERY_TOO_COMPLEX");
    expect(refusal?.details.limit).toBe(PRICING_WORK_LIMIT);
  });

  it("refuses list arguments longer than the cap, inside input objects too", () => {
    const ids = Array.from({ length: MAX_LIST_ARGUMENT_ITEMS + 1 }, (_, i) => globalId("Country", `c${i}`));
    expect(refusalOf(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })?.code).toBe(
      "BAD_USER_INPUT",
    );
    expect(refusalOf(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.slice(1) })).toBeNull();
    const kinds = Array.from({ length: MAX_LIST_ARGUMENT_ITEMS + 1 }, () => "PLEDGE");
    const refusal = refusalOf(
      `query($k: [CommitmentKind!]) { commitments(filter: { kinds: $k }) { totalCount } }`,
      {
        k: kinds,
      },
    );
    expect([refusal?.code, refusal?.details.limit]).toEqual(["BAD_USER_INPUT", MAX_LIST_ARGUMENT_ITEMS]);
  });

  it("prices the operation that runs, and refuses a missing or ambiguous operation name", () => {
    const document = `query Small { entity(slug: "china") { name } } query Big { entities(first: 50) { nodes { slug } } }`;
    expect(cost(document, {}, "Small")).toBe(1);
    expect(cost(document, {}, "Big")).toBe(51);
    expect(() => cost(document)).toThrow(/several operations/);
    expect(() => cost(document, {}, "Other")).toThrow(/no operation named "Other"/);
  });

  it("has a declared size on every field that returns a list of objects, so none goes unpriced", () => {
    const unpriced: string[] = [];
    const types = Object.values(schema.getTypeMap()) as GraphQLNamedType[];
    for (const type of types) {
      if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const listOfObjects =
          isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
        if (listOfObjects && !declaredListSize(field.extensions)) unpriced.push(`${type.name}.${field.name}`);
      }
    }
    expect(unpriced).toEqual([]);
  });
});

/** Values to try for a variable of this type: several valid ones, null where the type allows it. */
function sampleValues(type: GraphQLInputType): unknown[] {
  const nullable = getNullableType(type);
  const values: unknown[] = isNonNullType(type) ? [] : [null];
  if (isListType(nullable)) {
    const items = sampleValues(nullable.ofType).filter((item) => item !== null);
    return [...values, [], items.slice(0, 1), [...items, ...items]];
  }
  if (isEnumType(nullable)) return [...values, ...nullable.getValues().map((value) => value.name)];
  if (isInputObjectType(nullable)) return [...values, {}];
  const scalars: Record<string, unknown[]> = {
    Int: [1, 3, 40],
    Float: [1.5, 30],
    Boolean: [true, false],
    String: ["xi-jinping", "china", "digital economy"],
    ID: [globalId("Person", "xi-jinping"), globalId("Country", "china")],
  };
  return [...values, ...(scalars[(nullable as GraphQLNamedType).name] ?? [])];
}

describe("the variables a cost depends on (what the direct path remembers costs by)", () => {
  it("changing any other variable never changes the cost, for every root field and every field below it", () => {
    const query = schema.getQueryType();
    if (!query) throw new Error("no query type");
    let checked = 0;
    let relevantThatMatter = 0;
    for (const root of Object.values(query.getFields())) {
      const rootType = getNamedType(root.type);
      if (!isCompositeType(rootType) || root.args.length === 0) continue;
      // Every argument a variable: the root field's, and those of each field directly below it.
      const definitions: string[] = [];
      const argumentsOf = (prefix: string, args: readonly GraphQLArgument[]) =>
        args
          .map((arg) => {
            definitions.push(`$${prefix}_${arg.name}: ${arg.type}`);
            return `${arg.name}: $${prefix}_${arg.name}`;
          })
          .join(", ");
      const children =
        isObjectType(rootType) || isInterfaceType(rootType) ? Object.values(rootType.getFields()) : [];
      const selections = children
        .filter((child) => isCompositeType(getNamedType(child.type)))
        .map((child) => {
          const args = argumentsOf(child.name, child.args);
          return `${child.name}${args ? `(${args})` : ""} { __typename }`;
        });
      const rootArgs = argumentsOf("root", root.args);
      const source = `query(${definitions.join(", ")}) { ${root.name}(${rootArgs}) { __typename ${selections.join(" ")} } }`;
      const document = parse(source);
      const operation = selectOperation(document);
      const relevant = new Set(costVariables(schema, document, operation));
      const variableTypes = new Map(
        (operation.variableDefinitions ?? []).map((definition) => [
          definition.variable.name.value,
          typeFromAST(schema, definition.type) as GraphQLInputType,
        ]),
      );
      const valid = (variables: Record<string, unknown>) =>
        !getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors;
      const priced = (variables: Record<string, unknown>) => {
        try {
          return queryCost(schema, document, variables, undefined, graph);
        } catch (error) {
          if (error instanceof QueryRefusal) return error.code;
          throw error;
        }
      };
      const base: Record<string, unknown> = {};
      for (const [name, type] of variableTypes) {
        const value = sampleValues(type).find((candidate) => valid({ ...base, [name]: candidate }));
        if (value !== undefined) base[name] = value;
      }
      const baseCost = priced(base);
      for (const [name, type] of variableTypes) {
        for (const value of sampleValues(type)) {
          const changed = { ...base, [name]: value };
          if (!valid(changed)) continue;
          checked++;
          if (!relevant.has(name))
            expect(priced(changed), `${source} with $${name} = ${JSON.stringify(value)}`).toBe(baseCost);
          else if (priced(changed) !== baseCost) relevantThatMatter++;
        }
      }
    }
    // The check had something to compare, and the variables kept do change costs.
    expect(checked).toBeGreaterThan(100);
    expect(relevantThatMatter).toBeGreaterThan(10);
  });

  it("keeps the variables that size a list or its children, and those that can hold a list", () => {
    const relevantIn = (source: string) => {
      const document = parse(source);
      return costVariables(schema, document, selectOperation(document));
    };
    expect(
      relevantIn(
        `query($slug: String!, $first: Int!) { entity(slug: $slug) { name relations(first: $first) { nodes { type } } } }`,
      ),
    ).toEqual(["first"]);
    expect(relevantIn(`query($id: ID!) { node(id: $id) { id } }`)).toEqual([]);
    expect(relevantIn(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`)).toEqual(["ids"]);
    expect(
      relevantIn(`query($n: Int) { ...F } fragment F on Query { commitments(first: $n) { nodes { slug } } }`),
    ).toEqual(["n"]);
  });
});
