/**
 * The node budget: how many items a query may ask for, computed from the document and the request's variables
 * before execution. It runs per request (in `onExecute`), not as a cached validation rule, because Yoga caches
 * validation per document and `first: $n` changes the cost without changing the document.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { pageSizes } from "../config.ts";
import { TRAVERSAL_LIMITS } from "../schema/traversal.ts";

/** Items assumed for a list that has no size argument (evidence, passage citations, facet buckets…). */
export const UNSIZED_LIST_ITEMS = 5;

/**
 * How many items one occurrence of a field returns, and whether they are new items to count: a connection's
 * `edges`/`nodes` (and a subgraph's or path's lists) repeat items the enclosing field already counted.
 */
function itemsOf(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  parentName: string,
): { items: number; counted: boolean } {
  const number = (name: string) => (typeof args[name] === "number" ? (args[name] as number) : undefined);
  if (parentName === "Query" && field.name === "neighborhood") {
    // Nodes plus edges: a subgraph of n nodes is drawn with about 2n edges.
    return { items: 3 * (number("limit") ?? TRAVERSAL_LIMITS.neighborhoodLimit.default), counted: true };
  }
  if (parentName === "Query" && field.name === "paths") {
    const paths = number("first") ?? TRAVERSAL_LIMITS.pathsFirst.default;
    return { items: paths * (number("maxDepth") ?? TRAVERSAL_LIMITS.pathDepth.default), counted: true };
  }
  if (getNamedType(field.type).name.endsWith("Connection")) {
    return { items: number("first") ?? number("last") ?? pageSizes.default, counted: true };
  }
  if (/(Connection|Edge)$/.test(parentName) || parentName === "Subgraph" || parentName === "Path") {
    return { items: 1, counted: false };
  }
  return { items: isListType(getNullableType(field.type)) ? UNSIZED_LIST_ITEMS : 1, counted: true };
}

/**
 * Count the items an operation can return: every object field adds (items it returns) × (items its parents
 * return), with lists sized by `first`/`last` (or the default page size) even when those come from variables.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName)
    ) {
      operation ??= definition;
    }
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  // Coerce as execution will, so declared defaults (`$n: Int = 4`) count too.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const values = coerced.coerced ?? variables;

  const fieldOf = (parent: GraphQLCompositeType, node: FieldNode) => {
    if (node.name.value === SchemaMetaFieldDef.name && parent === schema.getQueryType())
      return SchemaMetaFieldDef;
    if (node.name.value === TypeMetaFieldDef.name && parent === schema.getQueryType())
      return TypeMetaFieldDef;
    return "getFields" in parent ? parent.getFields()[node.name.value] : undefined;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    path: Set<string>,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(parent, selection);
        const type = field && getNamedType(field.type);
        if (!field || !type || !isCompositeType(type) || !selection.selectionSet) continue;
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(field, selection, values);
        } catch {
          // Invalid arguments fail at execution with their own error; size them by defaults here.
        }
        const { items, counted } = itemsOf(field, args, parent.name);
        const total = multiplier * items;
        cost += (counted ? total : 0) + walk(selection.selectionSet, type, total, path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        const type = condition && isCompositeType(condition) ? condition : parent;
        cost += walk(selection.selectionSet, type, multiplier, path);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || path.has(name) || !condition || !isCompositeType(condition)) continue;
        cost += walk(fragment.selectionSet, condition, multiplier, new Set([...path, name]));
      }
    }
    return cost;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}

/** Reject, before execution, any operation whose cost exceeds `maxCost`, reporting the cost and the limit. */
export function useQueryCostLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = queryCost(args.schema, args.document, args.variableValues ?? {}, args.operationName);
      if (cost <= maxCost) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            `Query too complex: it may return ${cost} items, over the limit of ${maxCost}. Ask for fewer items with smaller \`first\` values or a shallower selection.`,
            { extensions: { code: "QUERY_TOO_COMPLEX", cost, limit: maxCost, http: { status: 400 } } },
          ),
        ],
      });
    },
  };
}
