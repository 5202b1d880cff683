/**
 * A bound on the work of graphql-js's OverlappingFieldsCanBeMerged rule, which compares every pair of fields that
 * share a response name, level by level: 280 copies of `relations { nodes { type } }` fit in 2,000 tokens and
 * cost it ~200 ms of blocked event loop. This rule runs first (on the Document, before any selection set is
 * visited), estimates those comparisons as Σ C(n, 2) over the fields merged at each level, and refuses the
 * document with 400 QUERY_TOO_COMPLEX above MAX_FIELD_MERGE_COMPARISONS, so validation never runs long.
 */
import {
  type ASTVisitor,
  type DefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { fragmentsOf } from "./documents.ts";

/** Most field-pair comparisons a document may need to validate (about 1 µs each on this machine). */
export const MAX_FIELD_MERGE_COMPARISONS = 20_000;

/** Most selections the estimate itself visits before it refuses (fragments can be spread in many places). */
const MAX_ESTIMATE_VISITS = 50_000;

/** A selection set reached `multiplicity` times at one merged level. */
interface Source {
  selectionSet: SelectionSetNode;
  multiplicity: number;
}

/** Estimate the pairwise field comparisons validation will make; null when estimating alone exceeds its budget. */
export function fieldMergeComparisons(definitions: readonly DefinitionNode[]): number | null {
  const fragments = fragmentsOf({ definitions });
  let visits = 0;
  let comparisons = 0;
  /** Merge one level: group its fields by response name (fragments flattened), count pairs, then go down. */
  const level = (sources: Source[], expanding: Set<string>): boolean => {
    const groups = new Map<string, Source[]>();
    const counts = new Map<string, number>();
    const collect = (selectionSet: SelectionSetNode, multiplicity: number): boolean => {
      for (const selection of selectionSet.selections) {
        if (++visits > MAX_ESTIMATE_VISITS) return false;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          counts.set(key, (counts.get(key) ?? 0) + multiplicity);
          if (selection.selectionSet) {
            const group = groups.get(key) ?? [];
            group.push({ selectionSet: selection.selectionSet, multiplicity });
            groups.set(key, group);
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!collect(selection.selectionSet, multiplicity)) return false;
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A cycle is a validation error of its own; do not follow it here.
          if (!fragment || expanding.has(name)) continue;
          expanding.add(name);
          const ok = collect(fragment.selectionSet, multiplicity);
          expanding.delete(name);
          if (!ok) return false;
        }
      }
      return true;
    };
    for (const source of sources) if (!collect(source.selectionSet, source.multiplicity)) return false;
    for (const count of counts.values()) comparisons += (count * (count - 1)) / 2;
    if (comparisons > MAX_FIELD_MERGE_COMPARISONS) return true;
    for (const group of groups.values()) {
      if (!level(group, expanding)) return false;
      if (comparisons > MAX_FIELD_MERGE_COMPARISONS) return true;
    }
    return true;
  };
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION)
      continue;
    if (!level([{ selectionSet: definition.selectionSet, multiplicity: 1 }], new Set())) return null;
    if (comparisons > MAX_FIELD_MERGE_COMPARISONS) return comparisons;
  }
  return comparisons;
}

/** The validation rule: refuse, on entering the document, one whose field merging would cost too much. */
function fieldMergeLimitRule(_context: ValidationContext): ASTVisitor {
  return {
    Document: {
      enter(document) {
        const comparisons = fieldMergeComparisons(document.definitions);
        if (comparisons !== null && comparisons <= MAX_FIELD_MERGE_COMPARISONS) return;
        // Thrown, not reported: this stops the validation pass before the costly rule starts.
        throw new GraphQLError(
          "Query too complex: fields with the same name are repeated too often to check that they merge. Select each field once per object.",
          {
            extensions: {
              code: "QUERY_TOO_COMPLEX",
              limit: MAX_FIELD_MERGE_COMPARISONS,
              ...(comparisons !== null ? { comparisons } : {}),
              http: { status: 400 },
            },
          },
        );
      },
    },
  };
}

/** Add the field-merge bound to every validation, ahead of graphql-js's own rules. */
export function useFieldMergeLimit(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(fieldMergeLimitRule);
    },
  };
}
