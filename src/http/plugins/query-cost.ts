/**
 * The node budget: an upper bound on the objects an operation can return, computed from the document, the
 * request's variables and the served graph before execution. It runs per request (in `onExecute`), not as a
 * cached validation rule, because Yoga caches validation per document and `first: $n` changes the cost without
 * changing the document. The same pass rejects list arguments longer than MAX_LIST_ARGUMENT_ITEMS, unknown
 * operations and invalid variables, so everything refused before execution is a 400 with a code.
 */
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInputObjectType,
  isInputType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
  visit,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { MAX_LIST_ARGUMENT_ITEMS } from "../../config.ts";
import { declaredListSize, type SizeInputs } from "../../schema/cost.ts";
import { fragmentsOf } from "./documents.ts";
import { tagError } from "./error-codes.ts";

/** Most selections the pricing pass may visit; a document needing more is refused rather than priced. */
export const PRICING_WORK_LIMIT = 50_000;

/** Why an operation was refused before execution: the code and message a client gets, with HTTP 400. */
export class QueryRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "QueryRefusal";
  }
}

/** Arguments of a field occurrence that has none. */
const NO_ARGUMENTS: Record<string, unknown> = Object.freeze({});

/** The served graph's figures that list sizes depend on. */
export type GraphFigures = SizeInputs["graph"];

/** The operation a request runs: the named one, or the only one; a QueryRefusal when there is no such operation. */
export function selectOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) {
    const named = operations.find((operation) => operation.name?.value === operationName);
    if (named) return named;
    throw new QueryRefusal(
      "BAD_REQUEST",
      `The document has no operation named "${operationName.slice(0, 100)}".`,
    );
  }
  if (operations.length === 1) return operations[0] as OperationDefinitionNode;
  throw new QueryRefusal(
    "BAD_REQUEST",
    operations.length === 0
      ? "The document has no operation."
      : "The document holds several operations: say which one to run with `operationName`.",
  );
}

/** The length of the longest list anywhere inside an argument value (input objects included). */
function longestList(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let longest = Array.isArray(value) ? value.length : 0;
  for (const inner of Object.values(value)) longest = Math.max(longest, longestList(inner));
  return longest;
}

/**
 * Count the objects an operation can return, an upper bound: a field returning an object adds 1 for it plus the
 * cost of its selection; a list field multiplies that by its declared size (`listSize` extension). Fragments are
 * priced once per enclosing field, so a chain of fragments spreading each other costs linear work, not exponential.
 * Introspection (`__schema`, `__type`) is bounded by the schema, not the graph, and is not counted.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | null | undefined,
  graph: GraphFigures,
): number {
  const operation = selectOperation(document, operationName);
  // Coerce as execution will, so declared defaults (`$n: Int = 4`) count too.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return priceOperation(schema, document, operation, coerced.coerced ?? variables, graph);
}

/** The cost of one operation of `document` with its variables already coerced (see `queryCost`). */
export function priceOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  values: Record<string, unknown>,
  graph: GraphFigures,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = fragmentsOf(document);
  // Per enclosing field node (null at the root): fragment name → its cost there. Cost is linear in the
  // multiplier, so a fragment's cost at multiplier 1 serves every spread of it under the same enclosing field.
  const fragmentCosts = new Map<FieldNode | null, Map<string, number>>();
  const inProgress = new Set<string>();
  let work = 0;

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    enclosing: SizeInputs["enclosing"],
    enclosingNode: FieldNode | null,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (++work > PRICING_WORK_LIMIT) {
        throw new QueryRefusal(
          "QUERY_TOO_COMPLEX",
          `Query too complex: pricing it needs more than ${PRICING_WORK_LIMIT} steps. Use fewer fragments and selections.`,
          { limit: PRICING_WORK_LIMIT },
        );
      }
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith("__") || !("getFields" in parent)) continue;
        const field = parent.getFields()[name];
        if (!field) continue;
        const type = getNamedType(field.type);
        const composite = isCompositeType(type) && selection.selectionSet !== undefined;
        // Arguments matter when sent (their lists are capped) or when they may size a list (defaults too).
        let args: Record<string, unknown> = NO_ARGUMENTS;
        if ((selection.arguments?.length ?? 0) > 0 || (composite && field.args.length > 0)) {
          try {
            args = getArgumentValues(field, selection, values);
          } catch {
            // Invalid arguments fail at execution with their own error; price them as absent.
          }
          const longest = longestList(args);
          if (longest > MAX_LIST_ARGUMENT_ITEMS) {
            throw new QueryRefusal(
              "BAD_USER_INPUT",
              `A list argument of \`${name}\` has ${longest} items; at most ${MAX_LIST_ARGUMENT_ITEMS} are accepted.`,
              { field: name, limit: MAX_LIST_ARGUMENT_ITEMS },
            );
          }
        }
        if (!composite || !isCompositeType(type) || !selection.selectionSet) continue;
        const size = declaredListSize(field.extensions);
        if (isListType(getNullableType(field.type)) && !size) {
          // Fail closed: a list nobody priced is refused, and tests/query-cost.test.ts checks none exists.
          throw new Error(`${parent.name}.${name} is a list of objects without a listSize extension`);
        }
        const items = size ? size({ args, enclosing, graph }) : 1;
        if (items === 0) continue;
        cost += items * (1 + walk(selection.selectionSet, type, args, selection));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        const type = condition && isCompositeType(condition) ? condition : parent;
        cost += walk(selection.selectionSet, type, enclosing, enclosingNode);
      } else {
        const name = selection.name.value;
        let known = fragmentCosts.get(enclosingNode);
        if (!known) {
          known = new Map();
          fragmentCosts.set(enclosingNode, known);
        }
        let fragmentCost = known.get(name);
        if (fragmentCost === undefined) {
          const fragment = fragments.get(name);
          const condition = fragment && schema.getType(fragment.typeCondition.name.value);
          // A cycle is a validation error already; pricing it as 0 keeps this pass finite regardless.
          if (!fragment || !condition || !isCompositeType(condition) || inProgress.has(name)) continue;
          inProgress.add(name);
          fragmentCost = walk(fragment.selectionSet, condition, enclosing, enclosingNode);
          inProgress.delete(name);
          known.set(name, fragmentCost);
        }
        cost += fragmentCost;
      }
    }
    return cost;
  };
  return walk(operation.selectionSet, root, {}, null);
}

/** Whether values of this input type can hold a list anywhere (a list type, or an input object with one inside). */
function canHoldList(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return true;
  if (!isInputObjectType(nullable) || seen.has(nullable)) return false;
  seen.add(nullable);
  return Object.values(nullable.getFields()).some((field) => canHoldList(field.type, seen));
}

/** The names of the variables a field's arguments use. */
function variablesIn(field: FieldNode): string[] {
  const names: string[] = [];
  for (const argument of field.arguments ?? []) {
    visit(argument.value, {
      Variable(node) {
        names.push(node.name.value);
      },
    });
  }
  return names;
}

/**
 * The variables the cost of `operation` can depend on, so a caller may reuse a cost for the same values of these
 * alone. Pricing reads a field's arguments only to size a list of objects (the field's own, or its children's
 * through `enclosing`) and to cap list arguments; so a variable counts when it appears in the arguments of a list
 * of objects or of a field with such a list among its direct children, or when its type can hold a list.
 */
export function costVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): string[] {
  const fragments = fragmentsOf(document);
  const relevant = new Set<string>();
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type) || canHoldList(type)) relevant.add(definition.variable.name.value);
  }
  const isObjectList = (type: GraphQLOutputType) =>
    isListType(getNullableType(type)) && isCompositeType(getNamedType(type));
  /** Visit the field selections directly under a selection set (through fragments), each with its parent type. */
  const directFields = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    visitField: (field: FieldNode, parent: GraphQLCompositeType) => void,
    spread = new Set<string>(),
  ) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        visitField(selection, parent);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (spread.has(selection.name.value)) continue;
        spread.add(selection.name.value);
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition && schema.getType(fragment.typeCondition.name.value);
      const type = condition && isCompositeType(condition) ? condition : parent;
      directFields(fragment.selectionSet, type, visitField, spread);
    }
  };
  const definitionOf = (field: FieldNode, parent: GraphQLCompositeType) =>
    "getFields" in parent ? parent.getFields()[field.name.value] : undefined;
  const walked = new Set<FieldNode>();
  const walk = (field: FieldNode, parent: GraphQLCompositeType) => {
    if (walked.has(field)) return;
    walked.add(field);
    const definition = definitionOf(field, parent);
    if (!definition || !field.selectionSet) return;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) return;
    let sized = isObjectList(definition.type);
    directFields(field.selectionSet, type, (child, childParent) => {
      const childDefinition = definitionOf(child, childParent);
      if (childDefinition && isObjectList(childDefinition.type)) sized = true;
      walk(child, childParent);
    });
    if (sized) for (const name of variablesIn(field)) relevant.add(name);
  };
  const root = schema.getRootType(operation.operation);
  if (root) directFields(operation.selectionSet, root, walk);
  return [...relevant].sort();
}

/** A GraphQL error for a refusal before execution: its code, details and HTTP 400. */
function refusalError(code: string, message: string, details: Record<string, unknown>): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...details, http: { status: 400 } } });
}

/**
 * Before execution: refuse invalid variables (BAD_USER_INPUT), unknown operations (BAD_REQUEST), over-long list
 * arguments (BAD_USER_INPUT) and operations whose cost exceeds `maxCost` (QUERY_TOO_COMPLEX), each with HTTP 400.
 */
export function useQueryCostLimit(maxCost: number, graph: GraphFigures): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refuse = (...errors: GraphQLError[]) => setResultAndStopExecution({ errors });
      let cost: number;
      try {
        const operation = selectOperation(args.document, args.operationName);
        // Coerced once, here: the refusal of invalid variables and the pricing both use this.
        const coerced = getVariableValues(
          args.schema,
          operation.variableDefinitions ?? [],
          args.variableValues ?? {},
          { maxErrors: 10 },
        );
        if (coerced.errors) {
          for (const error of coerced.errors) tagError(error, "BAD_USER_INPUT", { http: { status: 400 } });
          return refuse(...coerced.errors);
        }
        cost = priceOperation(args.schema, args.document, operation, coerced.coerced, graph);
      } catch (error) {
        if (!(error instanceof QueryRefusal)) throw error;
        return refuse(refusalError(error.code, error.message, error.details));
      }
      if (cost <= maxCost) return;
      refuse(
        refusalError(
          "QUERY_TOO_COMPLEX",
          `Query too complex: it may return ${cost} objects, over the limit of ${maxCost}. Ask for fewer items with smaller \`first\` values or a shallower selection.`,
          { cost, limit: maxCost },
        ),
      );
    },
  };
}
