/** Typed root lookups by slug (`commitment(slug)`, `actor(slug)` …), as GitHub's `user(login)`: one helper for all. */
import type { OutputRef } from "@pothos/core";
import type { Entity, EntityKind } from "../graph/model.ts";
import { builder } from "./builder.ts";
import { loadSlugArgument } from "./refs.ts";

/**
 * Add a root field named after `ref`'s type (`Commitment` → `commitment(slug)`) returning the entity of `kinds`
 * with that slug; a NOT_FOUND error naming the `slug` argument when there is none or it is of another kind.
 */
export function addSlugLookup(
  // Loadable node refs also accept a slug as their shape, hence `| string`.
  ref: OutputRef<Entity | string> & { name: string },
  kinds: readonly EntityKind[],
): void {
  const typename = ref.name;
  const fieldName = typename.charAt(0).toLowerCase() + typename.slice(1);
  builder.queryField(fieldName, (t) =>
    t.field({
      type: ref,
      nullable: true,
      description: `Look a ${typename} up by its slug; a NOT_FOUND error when there is none or the slug is another kind's.`,
      args: { slug: t.arg.string({ required: true, description: `The ${typename}'s slug.` }) },
      resolve: (_root, { slug }, context) => loadSlugArgument(context, "slug", slug, kinds, typename),
    }),
  );
}
