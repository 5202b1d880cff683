/**
 * Errors in a stable order and set. graphql-js lists field errors in the order their resolvers fail, which depends
 * on how loader batches happen to settle; and when a non-null root field fails, it answers at once with whichever
 * errors it had seen so far. So errors are sorted by where they occur in the document (then by response path), and
 * when the whole `data` is null only the errors of non-null root fields (the ones that nulled it) are kept: the
 * same request gives the same bytes every time, with jit or without.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLObjectType,
  isNonNullType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/** Compare two errors by their first location in the document, then by their response path. */
function byPlace(a: GraphQLError, b: GraphQLError): number {
  const [first, second] = [a.locations?.[0], b.locations?.[0]];
  if (first && second && (first.line !== second.line || first.column !== second.column)) {
    return first.line - second.line || first.column - second.column;
  }
  if (!first !== !second) return first ? -1 : 1;
  const [pathA, pathB] = [(a.path ?? []).join("."), (b.path ?? []).join(".")];
  return pathA < pathB ? -1 : pathA > pathB ? 1 : 0;
}

/** The response keys of the root selection whose field is non-null (those whose failure nulls `data`). */
function nonNullRootKeys(
  document: DocumentNode,
  root: GraphQLObjectType,
  operationName?: string | null,
): Set<string> {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const keys = new Set<string>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = root.getFields()[selection.name.value];
        if (field && isNonNullType(field.type)) keys.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  if (operation?.kind === Kind.OPERATION_DEFINITION) collect(operation.selectionSet);
  return keys;
}

/** Sort every execution result's errors by place; when `data` is null, keep those of the non-null root fields. */
export function useStableErrorOrder(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const single = result as ExecutionResult;
          if (!single.errors || single.errors.length < 2) return;
          let errors = [...single.errors];
          const root = args.schema.getQueryType();
          if (single.data === null && root) {
            const keys = nonNullRootKeys(args.document, root, args.operationName);
            const causes = errors.filter((error) => keys.has(String(error.path?.[0])));
            if (causes.length > 0) errors = causes;
          }
          setResult({ ...single, errors: errors.sort(byPlace) });
        },
      };
    },
  };
}
