/** The shapes of the explorer's query results (as operations.ts selects them). */

/** An entity as every list and node of the explorer shows it. */
export interface EntitySummary {
  id: string;
  slug: string;
  name: string;
  kind: string;
}

/** A relation as an edge of the drawing. */
export interface RelationSummary {
  id: string;
  type: string;
  label: string;
  source: string;
  target: string;
}

/** A quote, where it stands in its source, and the source. */
export interface Evidence {
  quote: string;
  start: number;
  end: number;
  sentence: string;
  section: string | null;
  sectionLabel: string | null;
  document: { id: string; slug: string; title: string; authors: { nodes: { name: string }[] } };
}

/** A part of the graph: entities with their hop distance, and relations. */
export interface Subgraph {
  truncated: boolean;
  hops: { hops: number; entity: EntitySummary }[];
  edges: RelationSummary[];
}

/** A date or span as the API gives it. */
export interface TimeSpan {
  start: string;
  end: string;
  raw: string | null;
}

/** One path between two entities. */
export interface Path {
  length: number;
  steps: { direction: string; entity: EntitySummary; relation: RelationSummary }[];
}

/** Everything the details panel may show about an entity or relation (fields present by type). */
export interface Details {
  id: string;
  slug?: string;
  name?: string;
  kind?: string;
  description?: string;
  aliases?: string[];
  evidence?: Evidence[];
  statement?: string;
  commitmentKind?: string;
  status?: string;
  eventStatus?: string;
  timeframe?: TimeSpan | null;
  quantities?: { raw: string }[];
  initiative?: EntitySummary | null;
  committedBy?: { nodes: EntitySummary[] };
  proposedBy?: { nodes: EntitySummary[] };
  commitments?: {
    totalCount: number;
    nodes: (EntitySummary & { statement: string; commitmentKind: string })[];
  };
  documentType?: string;
  held?: boolean;
  date?: TimeSpan | null;
  authors?: { nodes: EntitySummary[] };
  type?: string;
  label?: string;
  source?: string;
  target?: string;
  from?: EntitySummary;
  to?: EntitySummary;
  qualifiers?: {
    date: string | null;
    role: string | null;
    note: string | null;
    quantity: { raw: string } | null;
  };
}

/** A held source's text and its sections. */
export interface Source {
  id: string;
  title: string;
  text: string | null;
  sections: { label: string; title: string; start: number; end: number }[];
}

/** One commitment row of the commitments table. */
export interface CommitmentRow extends EntitySummary {
  statement: string;
  commitmentKind: string;
  timeframe: TimeSpan | null;
  committedBy: { nodes: EntitySummary[] };
  initiative: EntitySummary | null;
  topics: { nodes: EntitySummary[] };
}

/** A facet bucket naming an entity. */
export interface EntityCount {
  count: number;
  entity: EntitySummary;
}

/** The commitment facets as the explorer asks for them. */
export interface CommitmentFacets {
  total: number;
  undated: number;
  byKind: { kind: string; count: number }[];
  byCommitter: EntityCount[];
  byInitiative: EntityCount[];
  byTopic: EntityCount[];
  byYear: { year: number; count: number }[];
}
