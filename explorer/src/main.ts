/**
 * The explorer page: wires the search box, the graph (neighbourhood and path finder), the evidence panel and the
 * commitments view to the URL. The hash holds the view, the focused entity, the filters and the selection
 * (`#graph?focus=xi-jinping&depth=1&dir=BOTH&types=PROPOSES&sel=…`), so a view can be shared and a reload restores it.
 */
import "./style.css";
import { run } from "./api.ts";
import { type CommitmentFilterState, showCommitments } from "./commitments.ts";
import { showDetails } from "./details.ts";
import { h, replace, words } from "./dom.ts";
import { GraphView } from "./graph-view.ts";
import { kindBadge, legend, RELATION_TYPES } from "./kinds.ts";
import { createSearchBox } from "./search-box.ts";
import type { EntitySummary, Path, RelationSummary, Subgraph } from "./types.ts";

/** The views of the page. */
type ViewName = "graph" | "paths" | "commitments";

/** Everything the URL holds. */
interface State {
  view: ViewName;
  focus: string;
  depth: number;
  direction: string;
  types: string[];
  sel?: string;
  from?: string;
  to?: string;
  skipHub: boolean;
  filter: CommitmentFilterState;
}

/** The entity the explorer opens on. */
const DEFAULT_FOCUS = "xi-jinping";
/** Relation types that lead into the source article, the hub most paths would otherwise run through. */
const HUB_TYPES = ["MENTIONS", "AUTHORED"];

/** Read the state from the location hash. */
function readState(): State {
  const [rawView = "", query = ""] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query);
  const view: ViewName = rawView === "paths" || rawView === "commitments" ? rawView : "graph";
  const depth = Number(params.get("depth") ?? 1);
  const direction = params.get("dir") ?? "BOTH";
  return {
    view,
    focus: params.get("focus") || DEFAULT_FOCUS,
    depth: depth >= 1 && depth <= 3 ? Math.floor(depth) : 1,
    direction: ["BOTH", "OUTGOING", "INCOMING"].includes(direction) ? direction : "BOTH",
    types: (params.get("types") ?? "")
      .split(",")
      .filter((type) => (RELATION_TYPES as readonly string[]).includes(type)),
    sel: params.get("sel") || undefined,
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
    skipHub: params.get("hub") !== "1",
    filter: {
      kind: params.get("kind") || undefined,
      committer: params.get("committer") || undefined,
      initiative: params.get("initiative") || undefined,
      topic: params.get("topic") || undefined,
      year: params.get("year") || undefined,
    },
  };
}

/** The hash for a state (only what differs from the defaults). */
function hashOf(state: State): string {
  const params = new URLSearchParams();
  if (state.view === "graph") {
    params.set("focus", state.focus);
    if (state.depth !== 1) params.set("depth", String(state.depth));
    if (state.direction !== "BOTH") params.set("dir", state.direction);
    if (state.types.length > 0) params.set("types", state.types.join(","));
  } else if (state.view === "paths") {
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (!state.skipHub) params.set("hub", "1");
  } else {
    for (const [key, value] of Object.entries(state.filter)) if (value) params.set(key, value);
  }
  if (state.sel) params.set("sel", state.sel);
  const query = params.toString();
  return `#${state.view}${query ? `?${query}` : ""}`;
}

/** Go to a new state: it lands in the URL (one history entry), and the hashchange handler renders it. */
function navigate(change: Partial<State>): void {
  const next = hashOf({ ...readState(), ...change });
  if (next !== location.hash) location.hash = next;
}

/** The link that focuses the graph on an entity. */
function focusHref(entity: EntitySummary): string {
  return hashOf({ ...readState(), view: "graph", focus: entity.slug, sel: entity.id });
}

// ---------------------------------------------------------------------------------------------------- page parts

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const details = byId("details");
const graphStatus = byId("graph-status");
const graphTables = byId("graph-tables");
const pathSteps = byId("path-steps");
const pathsForm = byId("paths-form");
const controls = byId<HTMLFormElement>("graph-controls");
const graphTitle = byId("graph-title");

/** What is drawn: entities by id (with their hop distance when known) and relations by id. */
const drawn = {
  entities: new Map<string, EntitySummary & { hops?: number }>(),
  relations: new Map<string, RelationSummary>(),
};
/** Nodes already expanded, so a second click does not ask again. */
const expanded = new Set<string>();
/** What the drawing currently shows, so a hash change that keeps it does not redraw. */
let drawnKey = "";

const graph = new GraphView(byId("graph"), {
  onSelect: (id, what) => {
    navigate({ sel: id });
    if (what === "node") void expand(id);
  },
  onFocus: (entity) => navigate({ view: "graph", focus: entity.slug, sel: entity.id }),
});
// For the console and the browser test: the cytoscape instance.
(window as unknown as { explorerGraph: unknown }).explorerGraph = graph.cy;

const mainSearch = createSearchBox({
  id: "search-input",
  label: "Search the graph",
  placeholder: "Search: Chongqing, Xi Jinping, WHO…",
  onPick: (entity) => navigate({ view: "graph", focus: entity.slug, sel: entity.id }),
});
byId("search").append(mainSearch.element);
byId("legend").append(h("h3", {}, "Kinds"), legend());

// ---------------------------------------------------------------------------------------------------- graph

/** Draw a subgraph from scratch. */
function drawSubgraph(subgraph: Subgraph, centre: EntitySummary): void {
  drawn.entities.clear();
  drawn.relations.clear();
  expanded.clear();
  for (const hop of subgraph.hops) drawn.entities.set(hop.entity.id, { ...hop.entity, hops: hop.hops });
  for (const edge of subgraph.edges) drawn.relations.set(edge.id, edge);
  graph.show([...drawn.entities.values()], subgraph.edges, centre.id);
  expanded.add(centre.id);
  graph.markExpanded(centre.id);
  renderTables();
}

/** Add a node's neighbours to the drawing (one neighbourhood call). */
async function expand(id: string): Promise<void> {
  if (expanded.has(id) || !drawn.entities.has(id)) return;
  expanded.add(id);
  const state = readState();
  try {
    const { neighborhood } = await run<{ neighborhood: Subgraph }>("ExplorerExpandQuery", {
      id,
      direction: state.direction,
      types: state.types.length > 0 ? state.types : null,
    });
    const parentHops = drawn.entities.get(id)?.hops;
    for (const hop of neighborhood.hops) {
      if (!drawn.entities.has(hop.entity.id)) {
        drawn.entities.set(hop.entity.id, {
          ...hop.entity,
          hops: parentHops === undefined ? undefined : parentHops + 1,
        });
      }
    }
    for (const edge of neighborhood.edges) drawn.relations.set(edge.id, edge);
    const added = graph.add(
      neighborhood.hops.map((hop) => hop.entity),
      neighborhood.edges,
      id,
    );
    graph.markExpanded(id);
    const name = drawn.entities.get(id)?.name ?? "the node";
    graphStatus.textContent = `Expanded ${name}: ${added} new element(s). ${summary()}`;
    renderTables();
  } catch (error) {
    expanded.delete(id);
    graphStatus.textContent = `Could not expand: ${(error as Error).message}`;
  }
}

/** Counts of what is drawn, in words. */
function summary(): string {
  return `${drawn.entities.size} entities and ${drawn.relations.size} relations drawn.`;
}

/** Load and draw the focused entity's neighbourhood. */
async function loadNeighbourhood(state: State): Promise<void> {
  graphStatus.textContent = "Loading…";
  try {
    const { entity } = await run<{ entity: (EntitySummary & { neighborhood: Subgraph }) | null }>(
      "ExplorerNeighborhoodQuery",
      {
        slug: state.focus,
        depth: state.depth,
        direction: state.direction,
        types: state.types.length > 0 ? state.types : null,
      },
    );
    if (!entity) throw new Error(`Nothing has the slug "${state.focus}".`);
    graphTitle.textContent = `Neighbourhood of ${entity.name}`;
    mainSearch.setValue(entity.name);
    drawSubgraph(entity.neighborhood, entity);
    graphStatus.textContent = `${entity.name}, depth ${state.depth}: ${summary()}${
      entity.neighborhood.truncated
        ? " Truncated: more lie within reach; filter by relation type to see them."
        : ""
    } Click a node to expand it, double-click to focus on it.`;
  } catch (error) {
    drawnKey = "";
    graphStatus.textContent = `Could not load the neighbourhood: ${(error as Error).message}`;
  }
}

/** The graph filters form: depth, direction, relation types (each with how many drawn relations have it). */
function renderControls(state: State): void {
  const counts = new Map<string, number>();
  for (const relation of drawn.relations.values())
    counts.set(relation.type, (counts.get(relation.type) ?? 0) + 1);
  const select = (
    id: string,
    label: string,
    value: string,
    values: [string, string][],
    onChange: (value: string) => void,
  ) =>
    h(
      "label",
      { for: id },
      `${label} `,
      h(
        "select",
        { id, onChange: (event: Event) => onChange((event.target as HTMLSelectElement).value) },
        values.map(([option, text]) => h("option", { value: option, selected: option === value }, text)),
      ),
    );
  const typeBoxes = RELATION_TYPES.map((type) =>
    h(
      "label",
      { className: "type-option" },
      h("input", {
        type: "checkbox",
        name: "types",
        value: type,
        checked: state.types.includes(type),
        onChange: (event: Event) => {
          const box = event.target as HTMLInputElement;
          const types = new Set(readState().types);
          if (box.checked) types.add(type);
          else types.delete(type);
          navigate({ types: RELATION_TYPES.filter((known) => types.has(known)) });
        },
      }),
      ` ${words(type)}`,
      counts.has(type) ? h("span", { className: "count" }, String(counts.get(type))) : null,
    ),
  );
  replace(
    controls,
    select(
      "depth",
      "Depth",
      String(state.depth),
      [
        ["1", "1 hop"],
        ["2", "2 hops"],
        ["3", "3 hops"],
      ],
      (value) => navigate({ depth: Number(value) }),
    ),
    select(
      "direction",
      "Direction",
      state.direction,
      [
        ["BOTH", "both ways"],
        ["OUTGOING", "outgoing"],
        ["INCOMING", "incoming"],
      ],
      (value) => navigate({ direction: value }),
    ),
    h(
      "details",
      { className: "types", open: state.types.length > 0 },
      h(
        "summary",
        {},
        state.types.length > 0
          ? `Relation types: ${state.types.map(words).join(", ")}`
          : "Relation types: all",
      ),
      h(
        "fieldset",
        {},
        h("legend", { className: "visually-hidden" }, "Follow only these relation types"),
        typeBoxes,
      ),
      state.types.length > 0
        ? h(
            "button",
            { type: "button", className: "link", onClick: () => navigate({ types: [] }) },
            "All types",
          )
        : null,
    ),
  );
}

/** The text alternative of the drawing: the same entities and relations as two tables. */
function renderTables(): void {
  const entities = [...drawn.entities.values()];
  const name = (id: string) => drawn.entities.get(id)?.name ?? id;
  replace(
    graphTables,
    h(
      "table",
      { className: "entities-table" },
      h("caption", {}, `${entities.length} entities`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Entity", "Kind", "Hops", "Actions"].map((title) => h("th", { scope: "col" }, title)),
        ),
      ),
      h(
        "tbody",
        {},
        entities.map((entity) =>
          h(
            "tr",
            { "data-id": entity.id, "data-slug": entity.slug },
            h(
              "td",
              {},
              h(
                "button",
                { type: "button", className: "link", onClick: () => navigate({ sel: entity.id }) },
                entity.name,
              ),
            ),
            h("td", {}, kindBadge(entity.kind)),
            h("td", {}, entity.hops === undefined ? "—" : String(entity.hops)),
            h(
              "td",
              { className: "actions" },
              h(
                "button",
                {
                  type: "button",
                  className: "small",
                  disabled: expanded.has(entity.id),
                  "aria-label": `Expand ${entity.name}`,
                  onClick: () => void expand(entity.id),
                },
                expanded.has(entity.id) ? "expanded" : "expand",
              ),
              " ",
              h(
                "a",
                { href: focusHref(entity), className: "small", "aria-label": `Focus on ${entity.name}` },
                "focus",
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      "table",
      { className: "relations-table" },
      h("caption", {}, `${drawn.relations.size} relations`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["From", "Relation", "To"].map((title) => h("th", { scope: "col" }, title)),
        ),
      ),
      h(
        "tbody",
        {},
        [...drawn.relations.values()].map((relation) =>
          h(
            "tr",
            { "data-id": relation.id, "data-type": relation.type },
            h("td", {}, name(relation.source)),
            h(
              "td",
              {},
              h(
                "button",
                {
                  type: "button",
                  className: "link",
                  title: relation.label,
                  onClick: () => navigate({ sel: relation.id }),
                },
                words(relation.type),
              ),
            ),
            h("td", {}, name(relation.target)),
          ),
        ),
      ),
    ),
  );
  renderControls(readState());
}

// ---------------------------------------------------------------------------------------------------- paths

const pathFrom = createSearchBox({
  id: "path-from",
  label: "From",
  placeholder: "Start entity",
  onPick: (entity) => navigate({ from: entity.slug }),
});
const pathTo = createSearchBox({
  id: "path-to",
  label: "To",
  placeholder: "End entity",
  onPick: (entity) => navigate({ to: entity.slug }),
});
const skipHub = h("input", {
  type: "checkbox",
  id: "skip-hub",
  onChange: (event: Event) => navigate({ skipHub: (event.target as HTMLInputElement).checked }),
});
pathsForm.append(
  pathFrom.element,
  pathTo.element,
  h(
    "label",
    { for: "skip-hub", className: "inline" },
    skipHub,
    " Avoid the source article (never walk mentions or authored)",
  ),
);

/** Find and show the shortest paths between the state's two entities. */
async function loadPaths(state: State): Promise<void> {
  replace(pathSteps);
  graph.highlight([], []);
  if (!state.from || !state.to) {
    graphStatus.textContent = "Pick two entities to see the shortest paths between them.";
    graph.show([], [], "");
    drawn.entities.clear();
    drawn.relations.clear();
    renderTables();
    return;
  }
  graphStatus.textContent = "Looking for paths…";
  try {
    const data = await run<{
      start: (EntitySummary & { pathsTo: Path[] }) | null;
      end: EntitySummary | null;
    }>("ExplorerPathsQuery", {
      from: state.from,
      to: state.to,
      excludeTypes: state.skipHub ? HUB_TYPES : null,
    });
    const { start, end } = data;
    if (!start || !end) throw new Error("One of the two entities does not exist.");
    pathFrom.setValue(start.name);
    pathTo.setValue(end.name);
    graphTitle.textContent = `Paths from ${start.name} to ${end.name}`;
    const entities = new Map<string, EntitySummary & { hops?: number }>([[start.id, { ...start, hops: 0 }]]);
    const relations = new Map<string, RelationSummary>();
    for (const path of start.pathsTo) {
      path.steps.forEach((step, at) => {
        if (!entities.has(step.entity.id)) entities.set(step.entity.id, { ...step.entity, hops: at + 1 });
        relations.set(step.relation.id, step.relation);
      });
    }
    drawn.entities.clear();
    drawn.relations.clear();
    expanded.clear();
    for (const [id, entity] of entities) drawn.entities.set(id, entity);
    for (const [id, relation] of relations) drawn.relations.set(id, relation);
    graph.show([...entities.values()], [...relations.values()], start.id);
    graph.highlight([...entities.keys()], [...relations.keys()]);
    renderTables();
    graphStatus.textContent =
      start.pathsTo.length === 0
        ? `No path of at most 5 steps from ${start.name} to ${end.name}${state.skipHub ? " without the source article" : ""}.`
        : `${start.pathsTo.length} shortest path(s) of ${start.pathsTo[0]?.length} step(s).`;
    replace(
      pathSteps,
      start.pathsTo.map((path, index) =>
        h(
          "section",
          { className: "path", "aria-label": `Path ${index + 1}` },
          h("h3", {}, `Path ${index + 1} (${path.length} step${path.length === 1 ? "" : "s"})`),
          h(
            "ol",
            { className: "steps" },
            h("li", { className: "step-start" }, start.name, " ", kindBadge(start.kind)),
            path.steps.map((step) =>
              h(
                "li",
                { className: "step" },
                h(
                  "button",
                  {
                    type: "button",
                    className: "link relation",
                    title: step.relation.label,
                    "data-id": step.relation.id,
                    onClick: () => navigate({ sel: step.relation.id }),
                  },
                  step.direction === "OUTGOING"
                    ? `${words(step.relation.type)} →`
                    : `← ${words(step.relation.type)}`,
                ),
                " ",
                h(
                  "button",
                  { type: "button", className: "link", onClick: () => navigate({ sel: step.entity.id }) },
                  step.entity.name,
                ),
                " ",
                kindBadge(step.entity.kind),
              ),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    graphStatus.textContent = `Could not find paths: ${(error as Error).message}`;
  }
}

// ---------------------------------------------------------------------------------------------------- routing

const commitmentsRoot = byId("commitments");
let commitmentsKey = "";

/** Render the state the URL holds, fetching only what changed. */
async function render(): Promise<void> {
  const state = readState();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a[data-view]")) {
    if (link.dataset.view === state.view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const graphWasHidden = byId("view-graph").hidden;
  byId("view-graph").hidden = state.view === "commitments";
  // Cytoscape cannot measure a hidden container: measure again when the drawing comes back into view.
  if (graphWasHidden && state.view !== "commitments") {
    graph.cy.resize();
    graph.cy.fit(undefined, 24);
  }
  byId("view-commitments").hidden = state.view !== "commitments";
  pathsForm.hidden = state.view !== "paths";
  controls.hidden = state.view !== "graph";
  skipHub.checked = state.skipHub;
  const key =
    state.view === "graph"
      ? JSON.stringify(["graph", state.focus, state.depth, state.direction, state.types])
      : state.view === "paths"
        ? JSON.stringify(["paths", state.from, state.to, state.skipHub])
        : drawnKey;
  const work: Promise<void>[] = [];
  if (state.view !== "commitments" && key !== drawnKey) {
    drawnKey = key;
    if (state.view === "graph") {
      replace(pathSteps);
      work.push(loadNeighbourhood(state));
    } else work.push(loadPaths(state));
  }
  if (state.view === "graph") renderControls(state);
  if (state.view === "commitments") {
    const filterKey = JSON.stringify(state.filter);
    if (filterKey !== commitmentsKey) {
      commitmentsKey = filterKey;
      work.push(
        showCommitments(commitmentsRoot, state.filter, {
          setFilter: (filter) => navigate({ filter, sel: undefined }),
          select: (entity) => navigate({ sel: entity.id }),
        }),
      );
    }
  }
  await Promise.all(work);
  graph.select(state.sel);
  if (state.sel && details.dataset.requested !== state.sel) {
    await showDetails(details, state.sel, {
      select: (entity) => navigate({ sel: entity.id }),
      focusHref,
    });
  }
  document.body.dataset.ready = "true";
}

window.addEventListener("hashchange", () => {
  document.body.dataset.ready = "false";
  void render();
});
void render();
