/**
 * Errors in a stable order and set. graphql-js lists field errors in the order their resolvers fail, which depends
 * on how loader batches happen to settle; and once an error nulls a subtree it stops waiting for the subtree's
 * other fields, so their errors may or may not be reported. So each null in the response is explained by one error
 * (the first in the document among those under it, preferring non-null root fields when the whole `data` is null),
 * and errors are sorted by where they occur in the document, then by response path: the same request gives the
 * same bytes every time, with jit or without.
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
import { fragmentsOf } from "./documents.ts";

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
  const fragments = fragmentsOf(document);
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

/** The response path of the first null met walking from the root along an error's path ("" when `data` is null). */
function nulledAt(data: unknown, path: readonly (string | number)[]): string {
  if (data === null || data === undefined) return "";
  let node: unknown = data;
  for (let index = 0; index < path.length; index++) {
    node = (node as Record<string | number, unknown> | null)?.[path[index] as string | number];
    if (node === null || node === undefined) return path.slice(0, index + 1).join(".");
  }
  return path.join(".");
}

/** Let every resolver still running settle (an in-memory store answers within an event-loop turn or two). */
export async function settled(): Promise<void> {
  await new Promise((done) => setImmediate(done));
  await new Promise((done) => setImmediate(done));
}

/** Sort every execution result's errors by place, keeping one error per null it explains. */
export function useStableErrorOrder(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      setExecuteFn(async (executionArgs) => {
        const single = (await executeFn(executionArgs)) as ExecutionResult;
        if (!single.errors || single.errors.length === 0) return single;
        // An error may have answered the request while sibling resolvers were still running: wait for them, so
        // which errors are reported does not depend on which failed first.
        await settled();
        if (single.errors.length < 2) return single;
        const root = args.schema.getQueryType();
        const rootCauses = root
          ? nonNullRootKeys(args.document, root, args.operationName)
          : new Set<string>();
        const explaining = new Map<string, GraphQLError>();
        const unplaced: GraphQLError[] = [];
        for (const error of [...single.errors].sort(byPlace)) {
          if (!error.path) {
            unplaced.push(error);
            continue;
          }
          const at = nulledAt(single.data, error.path);
          const current = explaining.get(at);
          // When `data` itself is null, a non-null root field's error is what nulled it.
          const better =
            at === "" && !rootCauses.has(String(current?.path?.[0])) && rootCauses.has(String(error.path[0]));
          if (!current || better) explaining.set(at, error);
        }
        return { ...single, errors: [...unplaced, ...explaining.values()].sort(byPlace) };
      });
    },
  };
}
