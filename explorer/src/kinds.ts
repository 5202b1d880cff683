/** Entity kinds and relation types as the explorer shows them: a colour per kind and the legend. */
import { h, words } from "./dom.ts";

/** A fill colour per entity kind (distinct hues, each readable with white text and against white). */
export const KIND_COLOURS: Record<string, string> = {
  PERSON: "#c0392b",
  ORGANIZATION: "#00798c",
  COUNTRY: "#b7791f",
  GROUP: "#8e6c8a",
  POST: "#8a6a43",
  DOCUMENT: "#30638e",
  EVENT: "#3d8b5e",
  INITIATIVE: "#d35400",
  COMMITMENT: "#6b1d5c",
  PLACE: "#5b8c0b",
  TOPIC: "#6b6b6b",
};

/** Every relation type of the schema, for the relation filter. */
export const RELATION_TYPES = [
  "ADDRESSED_TO",
  "ADOPTS",
  "APPROVES",
  "AUTHORED",
  "COMMEMORATES",
  "CONCERNS",
  "CONTAINS",
  "DELIVERS",
  "HOLDS_POST",
  "HOSTS",
  "IMPLEMENTS",
  "ISSUES",
  "LAUNCHES",
  "LOCATED_IN",
  "MAKES",
  "MEMBER_OF",
  "MENTIONS",
  "OBSERVER_OF",
  "OPPOSES",
  "PARTICIPATES_IN",
  "PART_OF",
  "POST_IN",
  "PRODUCED_AT",
  "PROPOSES",
  "SIGNS",
  "SUPPORTS",
] as const;

/** The colour of a kind (grey for one this build does not know). */
export function kindColour(kind: string): string {
  return KIND_COLOURS[kind] ?? "#555555";
}

/** A small coloured badge naming a kind. */
export function kindBadge(kind: string): HTMLElement {
  const badge = h("span", { className: "kind", "data-kind": kind }, words(kind));
  badge.style.setProperty("--kind", kindColour(kind));
  return badge;
}

/** The legend: one swatch per kind. */
export function legend(): HTMLElement {
  return h(
    "ul",
    { className: "legend-list" },
    Object.keys(KIND_COLOURS).map((kind) => h("li", {}, kindBadge(kind))),
  );
}
