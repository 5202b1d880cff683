/**
 * graphql-jit execution where it answers exactly as graphql-js would, and graphql-js everywhere else. Compiled
 * queries are cached per (document, operation), so `operationName` always selects what runs, in a cache bounded by
 * count and by the size of what it compiled. A document whose selections, with fragments expanded, exceed
 * JIT_MAX_EXPANDED_SELECTIONS runs on graphql-js (jit expands every spread, so compiling a fragment chain costs
 * exponential time; graphql-js visits each fragment once). A result with errors is recomputed by the executor jit
 * replaced (Yoga's): jit words errors differently (no `locations`, other siblings, other defaults), and errors are
 * rare.
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import { BoundedCache } from "../bounded-cache.ts";
import { fragmentsOf } from "./documents.ts";
import { settled } from "./error-order.ts";

/** Largest document, in field selections with every fragment spread expanded, that is compiled with jit. */
export const JIT_MAX_EXPANDED_SELECTIONS = 2_000;

/** Bounds of the compiled-query cache: entries, and weight in expanded selections (each costs ~1–2 KB of code). */
export const JIT_CACHE_LIMITS = { entries: 500, selections: 40_000 } as const;

/** How many field selections a document's operations hold once every fragment spread is expanded (memoised). */
export function expandedSelections(document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  const sizes = new Map<string, number>();
  const inProgress = new Set<string>();
  const count = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += 1 + (selection.selectionSet ? count(selection.selectionSet) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        const name = selection.name.value;
        let size = sizes.get(name);
        if (size === undefined) {
          const fragment = fragments.get(name);
          if (!fragment || inProgress.has(name)) continue;
          inProgress.add(name);
          size = count(fragment.selectionSet);
          inProgress.delete(name);
          sizes.set(name, size);
        }
        total += size;
      }
    }
    return total;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += count(definition.selectionSet);
  }
  return total;
}

/** The context key that tells the jit plugin to leave graphql-js in place for one request. */
export const SKIP_JIT = Symbol("run this request on graphql-js");

/**
 * Compiled queries per (document, operation), bounded by count and by the size of what was compiled; null for a
 * document jit must not run (too large once fragments are expanded, or not compilable).
 */
export class JitCompiler {
  private readonly sizes = new WeakMap<DocumentNode, number>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  private readonly compiled = new BoundedCache<{ query: CompiledQuery; selections: number }>(
    JIT_CACHE_LIMITS.entries,
    JIT_CACHE_LIMITS.selections,
    (_key, entry) => Math.max(1, entry.selections),
  );

  /** Whether jit may run `document` at all: its expanded size is within JIT_MAX_EXPANDED_SELECTIONS (memoised). */
  accepts(document: DocumentNode): boolean {
    let size = this.sizes.get(document);
    if (size === undefined) {
      size = expandedSelections(document);
      this.sizes.set(document, size);
    }
    return size <= JIT_MAX_EXPANDED_SELECTIONS;
  }

  /** The compiled operation, from the cache or compiled now; null where jit must not or cannot run it. */
  compile(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName?: string | null,
  ): CompiledQuery | null {
    if (!this.accepts(document)) return null;
    let documentId = this.documentIds.get(document);
    if (documentId === undefined) {
      documentId = this.nextDocumentId++;
      this.documentIds.set(document, documentId);
    }
    const key = `${documentId}\u0000${operationName ?? ""}`;
    const hit = this.compiled.get(key);
    if (hit) return hit.query;
    const query = this.compileUncached(schema, document, operationName);
    if (query) this.compiled.set(key, { query, selections: this.selections(document) });
    return query;
  }

  /** Compile without keeping the result, for a caller that keeps it itself (the direct path's prepared operations). */
  compileUncached(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName?: string | null,
  ): CompiledQuery | null {
    if (!this.accepts(document)) return null;
    const query = compileQuery(schema, document, operationName ?? undefined);
    return isCompiledQuery(query) ? query : null;
  }

  /** The document's field selections with fragments expanded (what its compiled code grows with). */
  selections(document: DocumentNode): number {
    this.accepts(document);
    return this.sizes.get(document) ?? 0;
  }
}

/**
 * Execute with graphql-jit where it is safe (see the module comment); otherwise leave graphql-js in place.
 * `freshContext` gives a graphql-js rerun its own loaders, so it runs exactly as a first execution would.
 */
export function useJit<C>(freshContext: (context: C) => C): Plugin {
  const compiler = new JitCompiler();

  /** Execute `args` with jit, or with `standard` (the executor jit replaced) where jit would answer differently. */
  const execute = async (
    args: ExecutionArgs,
    standard: (args: ExecutionArgs) => unknown,
  ): Promise<ExecutionResult> => {
    const query = compiler.compile(args.schema, args.document, args.operationName);
    if (!query) return (await standard(args)) as ExecutionResult;
    const result = await query.query(args.rootValue, args.contextValue, args.variableValues);
    if (result.errors && result.errors.length > 0) {
      // jit may answer before every resolver has settled; let them finish first, so the rerun's loader batches
      // settle in the same order as on a server without jit.
      await settled();
      return (await standard({
        ...args,
        contextValue: freshContext(args.contextValue as C),
      })) as ExecutionResult;
    }
    // Yoga serialises with the result's own stringify when it has one: jit's is compiled for this query.
    return Object.assign(result, { stringify: query.stringify });
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if ((args.contextValue as { [SKIP_JIT]?: boolean })[SKIP_JIT]) return;
      if (compiler.accepts(args.document)) {
        setExecuteFn((executionArgs) =>
          execute(executionArgs, executeFn as (args: ExecutionArgs) => unknown),
        );
      }
    },
  };
}
