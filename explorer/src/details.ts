/**
 * The evidence panel: what the graph says about one entity or relation, and every quote it rests on, highlighted
 * inside its sentence and inside its section of the source text (from `Evidence.start`/`end` and the source's
 * `text` and `sections`), with the document's title and author.
 */
import { run } from "./api.ts";
import { type Child, h, marked, replace, words } from "./dom.ts";
import { kindBadge } from "./kinds.ts";
import type { Details, EntitySummary, Evidence, Source, TimeSpan } from "./types.ts";

/** What the panel's links do: show another entity's details, or focus the graph on it. */
export interface DetailsActions {
  select(entity: EntitySummary): void;
  focusHref(entity: EntitySummary): string;
}

/** Held sources by document id, fetched once each. */
const sources = new Map<string, Promise<Source | null>>();

/** A held document's text and sections (null for a document the graph does not hold). */
function loadSource(documentId: string): Promise<Source | null> {
  let source = sources.get(documentId);
  if (!source) {
    source = run<{ node: Source | null }>("ExplorerSourceQuery", { id: documentId }).then((data) =>
      data.node?.text ? data.node : null,
    );
    sources.set(documentId, source);
  }
  return source;
}

/** Where a sentence stands in the source: the occurrence that encloses [start, end), when there is one. */
function sentenceStart(text: string, sentence: string, start: number, end: number): number | null {
  let at = text.lastIndexOf(sentence, start);
  while (at >= 0) {
    if (at + sentence.length >= end) return at;
    at = at > 0 ? text.lastIndexOf(sentence, at - 1) : -1;
  }
  return null;
}

/** The section [start, end) of the source that holds an offset, with its heading. */
function sectionAround(source: Source, offset: number): { start: number; end: number; heading: string } {
  const text = source.text ?? "";
  const sections = [...source.sections].sort((a, b) => a.start - b.start);
  const holding = sections.filter((section) => section.start <= offset).pop();
  if (!holding) {
    return { start: 0, end: sections[0]?.start ?? text.length, heading: "Before the first heading" };
  }
  return { start: holding.start, end: Math.min(holding.end, text.length), heading: holding.title };
}

/** A date or span in words. */
function span(time: TimeSpan | null | undefined): string | null {
  if (!time) return null;
  const dates = time.start === time.end ? time.start : `${time.start} – ${time.end}`;
  return time.raw ? `${dates} (“${time.raw}”)` : dates;
}

/** One quote: its sentence with the quote marked, where it is, and its section with the quote marked. */
async function evidenceItem(evidence: Evidence, index: number): Promise<HTMLElement> {
  const source = await loadSource(evidence.document.id).catch(() => null);
  const text = source?.text ?? null;
  const authors = evidence.document.authors.nodes.map((author) => author.name).join(", ");
  // The quote inside its sentence: by offsets when the source is held, else by where the words stand.
  let sentence: Node;
  const at = text ? sentenceStart(text, evidence.sentence, evidence.start, evidence.end) : null;
  if (at !== null) {
    sentence = marked(evidence.sentence, [[evidence.start - at, evidence.end - at]]);
  } else {
    const inside = evidence.sentence.indexOf(evidence.quote);
    sentence =
      inside >= 0
        ? marked(evidence.sentence, [[inside, inside + evidence.quote.length]])
        : h("span", {}, evidence.sentence);
  }
  const where = [
    evidence.sectionLabel ? `Section ${evidence.sectionLabel}` : "Introduction",
    `characters ${evidence.start}–${evidence.end}`,
  ].join(", ");
  let sectionBlock: Child = null;
  if (source && text) {
    const section = sectionAround(source, evidence.start);
    const body = h(
      "div",
      { className: "section-text", tabindex: "0", "aria-label": `Section text: ${section.heading}` },
      marked(text.slice(section.start, section.end), [
        [evidence.start - section.start, evidence.end - section.start],
      ]),
    );
    sectionBlock = h(
      "details",
      { className: "section", open: index === 0 },
      h("summary", {}, `In its section: ${section.heading}`),
      body,
    );
  }
  return h(
    "li",
    { className: "evidence" },
    h("blockquote", { className: "sentence" }, sentence),
    h(
      "p",
      { className: "source" },
      h("cite", {}, evidence.document.title),
      authors ? ` by ${authors}` : "",
      ` · ${where}`,
    ),
    sectionBlock,
  );
}

/** Scroll each section box so its highlighted quote is in view (the page itself does not move). */
function revealMarks(panel: HTMLElement): void {
  for (const box of panel.querySelectorAll<HTMLElement>(".section-text")) {
    const mark = box.querySelector("mark");
    // The box is positioned, so the mark's offsetTop is measured from the box's own top.
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }
}

/** An entity named in the panel: a button that shows its details, and a link that focuses the graph on it. */
function entityRef(entity: EntitySummary, actions: DetailsActions): HTMLElement {
  return h(
    "span",
    { className: "entity-ref" },
    h("button", { type: "button", className: "link", onClick: () => actions.select(entity) }, entity.name),
    " ",
    kindBadge(entity.kind),
    " ",
    h(
      "a",
      {
        href: actions.focusHref(entity),
        className: "focus-link",
        "aria-label": `Focus the graph on ${entity.name}`,
      },
      "focus",
    ),
  );
}

/** One fact line of the panel, left out when it has no value. */
function fact(label: string, ...value: Child[]): Child {
  if (value.every((part) => part === null || part === undefined || part === "" || part === false))
    return null;
  return h("div", { className: "fact" }, h("dt", {}, label), h("dd", {}, ...value));
}

/** A list of entity references, comma-separated. */
function refs(entities: readonly EntitySummary[] | undefined, actions: DetailsActions): Child[] {
  if (!entities || entities.length === 0) return [null];
  return entities.flatMap((entity, at) => [at > 0 ? ", " : null, entityRef(entity, actions)]);
}

/** Show the details of the entity or relation with this global id in `panel`. */
export async function showDetails(panel: HTMLElement, id: string, actions: DetailsActions): Promise<void> {
  replace(panel, h("h2", { id: "details-title" }, "Details"), h("p", { className: "hint" }, "Loading…"));
  panel.setAttribute("aria-busy", "true");
  panel.dataset.requested = id;
  let node: Details | null;
  try {
    node = (await run<{ node: Details | null }>("ExplorerDetailsQuery", { id })).node;
    if (panel.dataset.requested !== id) return; // another selection came after this one
  } catch (error) {
    replace(
      panel,
      h("h2", { id: "details-title" }, "Details"),
      h("p", { className: "error" }, (error as Error).message),
    );
    panel.removeAttribute("aria-busy");
    return;
  }
  if (!node) {
    replace(
      panel,
      h("h2", { id: "details-title" }, "Details"),
      h("p", { className: "error" }, "Nothing has this id."),
    );
    panel.removeAttribute("aria-busy");
    return;
  }
  const isRelation = node.type !== undefined && node.from !== undefined;
  const heading = isRelation
    ? h("h2", { id: "details-title" }, node.label ?? "")
    : h("h2", { id: "details-title" }, node.name ?? "", " ", kindBadge(node.kind ?? ""));
  const lead = isRelation
    ? null
    : h("p", { className: "description" }, node.statement ?? node.description ?? "");
  const qualifiers = node.qualifiers;
  const facts = h(
    "dl",
    { className: "facts" },
    isRelation && node.from && node.to
      ? [
          fact("From", entityRef(node.from, actions)),
          fact("Relation", words(node.type ?? "")),
          fact("To", entityRef(node.to, actions)),
          fact("When", qualifiers?.date ?? null),
          fact("Role", qualifiers?.role ?? null),
          fact("Quantity", qualifiers?.quantity?.raw ?? null),
          fact("Note", qualifiers?.note ?? null),
        ]
      : [
          fact("Also called", (node.aliases ?? []).join("; ")),
          fact("Commitment kind", node.commitmentKind ? words(node.commitmentKind) : null),
          fact(
            "Status",
            node.status || node.eventStatus ? words(node.status ?? node.eventStatus ?? "") : null,
          ),
          fact("Committed by", ...refs(node.committedBy?.nodes, actions)),
          fact("Due", span(node.timeframe)),
          fact("Quantities", (node.quantities ?? []).map((quantity) => quantity.raw).join("; ")),
          fact("Initiative", node.initiative ? entityRef(node.initiative, actions) : null),
          fact("Proposed by", ...refs(node.proposedBy?.nodes, actions)),
          fact("Document type", node.documentType ? words(node.documentType) : null),
          fact("Authors", ...refs(node.authors?.nodes, actions)),
          fact("Date", span(node.date)),
          fact(
            "Held source",
            node.held === undefined ? null : node.held ? "yes: its full text is in the graph" : "no",
          ),
        ],
  );
  const contains =
    node.commitments && node.commitments.nodes.length > 0
      ? h(
          "section",
          { className: "contains", "aria-labelledby": "contains-title" },
          h("h3", { id: "contains-title" }, `Contains ${node.commitments.totalCount} commitment(s)`),
          h(
            "ul",
            {},
            node.commitments.nodes.map((commitment) =>
              h(
                "li",
                {},
                entityRef(commitment, actions),
                " ",
                h("span", { className: "muted" }, `(${words(commitment.commitmentKind)})`),
                h("div", { className: "statement" }, commitment.statement),
              ),
            ),
          ),
        )
      : null;
  const evidence = node.evidence ?? [];
  const items = await Promise.all(evidence.map((quote, index) => evidenceItem(quote, index)));
  if (panel.dataset.requested !== id) return;
  replace(
    panel,
    heading,
    lead,
    facts,
    contains,
    h(
      "section",
      { className: "evidence-list", "aria-labelledby": "evidence-title" },
      h(
        "h3",
        { id: "evidence-title" },
        `Where the source says so (${evidence.length} quote${evidence.length === 1 ? "" : "s"})`,
      ),
      h("ol", {}, items),
    ),
  );
  panel.removeAttribute("aria-busy");
  panel.dataset.id = id;
  requestAnimationFrame(() => revealMarks(panel));
}
