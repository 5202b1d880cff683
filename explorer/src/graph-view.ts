/**
 * The drawing: cytoscape.js with the fCoSE force layout. Nodes are coloured by kind and edges labelled with their
 * relation type; a tap selects (and expands a node), a double tap focuses a node. The same nodes and edges are
 * listed as text by main.ts, so the canvas is never the only way to reach them.
 */
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import fcose from "cytoscape-fcose";
import { KIND_COLOURS } from "./kinds.ts";
import type { EntitySummary, RelationSummary } from "./types.ts";

cytoscape.use(fcose);

/** The most a fitted drawing is zoomed in (the user may zoom further). */
const COMFORTABLE_ZOOM = 1.4;

/** Above this many edges, edge labels show only near the selection (they would hide each other). */
const CROWDED_EDGES = 40;

/** What the drawing tells its owner. */
export interface GraphCallbacks {
  /** A node or edge was tapped (a node is also expanded by the owner). */
  onSelect(id: string, what: "node" | "edge"): void;
  /** A node was double-tapped. */
  onFocus(entity: EntitySummary): void;
}

/** The cytoscape styles: one colour per kind, labelled directed edges, and the selection and path states. */
function styles(): cytoscape.StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        label: "data(name)",
        "background-color": "#555",
        color: "#1b1b1b",
        "font-size": 11,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": "140px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "1px",
        width: 22,
        height: 22,
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    ...Object.entries(KIND_COLOURS).map(([kind, colour]) => ({
      selector: `node[kind = "${kind}"]`,
      style: { "background-color": colour },
    })),
    {
      selector: "node[?centre]",
      style: { width: 34, height: 34, "border-width": 3, "border-color": "#111" },
    },
    { selector: "node[?expanded]", style: { "border-style": "double", "border-width": 4 } },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "line-color": "#9aa0a6",
        "target-arrow-color": "#9aa0a6",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "curve-style": "bezier",
        label: "data(type)",
        "font-size": 8,
        color: "#444",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": "1px",
      },
    },
    // In a crowded drawing edges are labelled only where the eye is: the selection, its edges, a path.
    { selector: "edge.quiet", style: { label: "" } },
    { selector: "edge.quiet.near, edge.quiet:selected, edge.quiet.on-path", style: { label: "data(type)" } },
    {
      selector: ":selected",
      style: { "overlay-color": "#1a73e8", "overlay-opacity": 0.25, "overlay-padding": 6 },
    },
    { selector: ".faded", style: { opacity: 0.18 } },
    {
      selector: "node.on-path",
      style: { "border-width": 4, "border-color": "#f4b400", width: 30, height: 30 },
    },
    {
      selector: "edge.on-path",
      style: {
        width: 4,
        "line-color": "#f4b400",
        "target-arrow-color": "#f4b400",
        "font-size": 10,
        color: "#000",
      },
    },
  ];
}

/** The graph drawing in `container`. */
export class GraphView {
  readonly cy: Core;
  private layout: cytoscape.Layouts | undefined;

  constructor(container: HTMLElement, callbacks: GraphCallbacks) {
    this.cy = cytoscape({
      container,
      style: styles(),
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    this.cy.on("tap", "node", (event) => callbacks.onSelect(event.target.id(), "node"));
    this.cy.on("select", "node", (event) => event.target.connectedEdges().addClass("near"));
    this.cy.on("unselect", "node", (event) => event.target.connectedEdges().removeClass("near"));
    this.cy.on("tap", "edge", (event) => callbacks.onSelect(event.target.id(), "edge"));
    this.cy.on("dbltap", "node", (event) => callbacks.onFocus(event.target.data() as EntitySummary));
  }

  /** Replace the drawing with these entities and relations around `centreId`. */
  show(entities: readonly EntitySummary[], relations: readonly RelationSummary[], centreId: string): void {
    this.cy.elements().remove();
    this.cy.add(this.elements(entities, relations));
    this.cy.getElementById(centreId).data("centre", true);
    this.runLayout(true);
  }

  /**
   * Add entities and relations not drawn yet, the new entities around `nearId` (the node expanded), and let the
   * layout settle from there; returns how many elements were new.
   */
  add(entities: readonly EntitySummary[], relations: readonly RelationSummary[], nearId?: string): number {
    const fresh = this.elements(
      entities.filter((entity) => this.cy.getElementById(entity.id).empty()),
      relations.filter((relation) => this.cy.getElementById(relation.id).empty()),
    );
    if (fresh.length === 0) return 0;
    const near = nearId ? this.cy.getElementById(nearId) : undefined;
    const centre = near?.nonempty() ? near.position() : { x: 0, y: 0 };
    const newNodes = fresh.filter((element) => element.group === "nodes");
    newNodes.forEach((element, at) => {
      const angle = (2 * Math.PI * at) / newNodes.length;
      element.position = { x: centre.x + 80 * Math.cos(angle), y: centre.y + 80 * Math.sin(angle) };
    });
    this.cy.add(fresh);
    this.runLayout(false);
    return fresh.length;
  }

  /** Mark a node as expanded (drawn with a double border). */
  markExpanded(id: string): void {
    this.cy.getElementById(id).data("expanded", true);
  }

  /** Highlight the given nodes and edges (a path) and fade the rest; empty lists clear the highlight. */
  highlight(nodeIds: readonly string[], edgeIds: readonly string[]): void {
    this.cy.elements().removeClass("on-path faded");
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    const on = this.cy.collection();
    for (const id of [...nodeIds, ...edgeIds]) on.merge(this.cy.getElementById(id));
    on.addClass("on-path");
    this.cy.elements().difference(on).addClass("faded");
  }

  /** Select one element (or none) without telling the callbacks. */
  select(id: string | undefined): void {
    this.cy.elements().unselect();
    if (id) this.cy.getElementById(id).select();
  }

  /** The entity ids drawn, in drawing order. */
  nodeIds(): string[] {
    return this.cy.nodes().map((node) => node.id());
  }

  /** Cytoscape element definitions for entities and the relations whose both ends are drawn or added. */
  private elements(
    entities: readonly EntitySummary[],
    relations: readonly RelationSummary[],
  ): ElementDefinition[] {
    const known = new Set([...this.nodeIds(), ...entities.map((entity) => entity.id)]);
    return [
      ...entities.map((entity) => ({ group: "nodes" as const, data: { ...entity } })),
      ...relations
        .filter((relation) => known.has(relation.source) && known.has(relation.target))
        .map((relation) => ({ group: "edges" as const, data: { ...relation } })),
    ];
  }

  /** Lay the graph out; an incremental run starts from the current positions. */
  private runLayout(fresh: boolean): void {
    this.layout?.stop();
    const edges = this.cy.edges();
    if (edges.length > CROWDED_EDGES) edges.addClass("quiet");
    else edges.removeClass("quiet");
    const options = {
      name: "fcose",
      animate: false,
      randomize: fresh,
      quality: "default",
      nodeRepulsion: 9000,
      idealEdgeLength: 110,
      nodeSeparation: 90,
      padding: 24,
      fit: true,
    } as cytoscape.LayoutOptions;
    this.layout = this.cy.layout(options);
    // A small graph fitted to the view would be drawn huge: cap the zoom after fitting.
    this.layout.one("layoutstop", () => {
      if (this.cy.zoom() > COMFORTABLE_ZOOM) {
        this.cy.zoom(COMFORTABLE_ZOOM);
        this.cy.center();
      }
    });
    this.layout.run();
  }
}
