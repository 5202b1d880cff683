/** Small readers of a parsed document shared by the plugins that walk it before execution. */
import { type DocumentNode, type FragmentDefinitionNode, Kind } from "graphql";

/** The document's fragment definitions by name. */
export function fragmentsOf(
  document: Pick<DocumentNode, "definitions">,
): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}
