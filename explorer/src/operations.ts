/**
 * Every GraphQL operation the explorer sends, by name, in one place. Each is a named query whose page sizes stay
 * far under the server's node budget (tests/explorer.test.ts runs each one against the seed through the server and
 * checks it against the schema; tests/frontend-tooling.test.ts feeds them to graphql-codegen and relay-compiler).
 * Names follow Relay's rules (operations end in `Query`, fragments start with their module's name) so the same
 * text compiles there unchanged.
 */

/** Fragments shared by the operations, by name. */
export const FRAGMENTS = {
  ExplorerEntitySummary: /* GraphQL */ `
fragment ExplorerEntitySummary on Entity {
  id
  slug
  name
  kind
}`,
  ExplorerRelationSummary: /* GraphQL */ `
fragment ExplorerRelationSummary on Relation {
  id
  type
  label
  source
  target
}`,
  ExplorerEvidence: /* GraphQL */ `
fragment ExplorerEvidence on Evidence {
  quote
  start
  end
  sentence
  section
  sectionLabel
  document {
    id
    slug
    title
    authors(first: 5) {
      nodes {
        name
      }
    }
  }
}`,
  ExplorerTimeSpan: /* GraphQL */ `
fragment ExplorerTimeSpan on TimeSpan {
  start
  end
  raw
}`,
  ExplorerCommitmentPage: /* GraphQL */ `
fragment ExplorerCommitmentPage on CommitmentConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  nodes {
    ...ExplorerCommitmentRow
  }
}`,
  ExplorerCommitmentRow: /* GraphQL */ `
fragment ExplorerCommitmentRow on Commitment {
  ...ExplorerEntitySummary
  statement
  commitmentKind
  timeframe {
    ...ExplorerTimeSpan
  }
  committedBy(first: 5) {
    nodes {
      ...ExplorerEntitySummary
    }
  }
  initiative {
    ...ExplorerEntitySummary
  }
  topics(first: 5) {
    nodes {
      ...ExplorerEntitySummary
    }
  }
}`,
} as const;

/** The explorer's queries, by operation name, without the fragments they spread. */
const QUERIES = {
  /** As-you-type search: the best few entities with a snippet. */
  ExplorerSearchQuery: /* GraphQL */ `
query ExplorerSearchQuery($query: String!, $first: Int = 8) {
  search(query: $query, first: $first) {
    totalCount
    nodes {
      field
      snippet
      entity {
        ...ExplorerEntitySummary
      }
    }
  }
}`,
  /** The focused entity and its neighbourhood, each node with its hop distance. */
  ExplorerNeighborhoodQuery: /* GraphQL */ `
query ExplorerNeighborhoodQuery(
  $slug: String!
  $depth: Int = 1
  $direction: Direction = BOTH
  $types: [RelationType!]
  $limit: Int = 60
  $edgeLimit: Int = 200
) {
  entity(slug: $slug) {
    ...ExplorerEntitySummary
    neighborhood(depth: $depth, direction: $direction, types: $types, limit: $limit, edgeLimit: $edgeLimit) {
      truncated
      hops {
        hops
        entity {
          ...ExplorerEntitySummary
        }
      }
      edges {
        ...ExplorerRelationSummary
      }
    }
  }
}`,
  /** One node's direct neighbours, to add to the drawing (a click on a node). */
  ExplorerExpandQuery: /* GraphQL */ `
query ExplorerExpandQuery($id: ID!, $direction: Direction = BOTH, $types: [RelationType!], $limit: Int = 40) {
  neighborhood(id: $id, depth: 1, direction: $direction, types: $types, limit: $limit, edgeLimit: 120) {
    truncated
    hops {
      hops
      entity {
        ...ExplorerEntitySummary
      }
    }
    edges {
      ...ExplorerRelationSummary
    }
  }
}`,
  /** The shortest paths between two entities, by slug, optionally never walking some relation types. */
  ExplorerPathsQuery: /* GraphQL */ `
query ExplorerPathsQuery($from: String!, $to: String!, $excludeTypes: [RelationType!], $first: Int = 5) {
  start: entity(slug: $from) {
    ...ExplorerEntitySummary
    pathsTo(to: $to, first: $first, maxDepth: 5, excludeTypes: $excludeTypes) {
      length
      steps {
        direction
        entity {
          ...ExplorerEntitySummary
        }
        relation {
          ...ExplorerRelationSummary
        }
      }
    }
  }
  end: entity(slug: $to) {
    ...ExplorerEntitySummary
  }
}`,
  /**
   * Everything the evidence panel shows about one entity or relation, by global id. Under `node` (the Node
   * interface) fields are selected directly, not by fragment spreads, which Relay would refuse without `@alias`.
   */
  ExplorerDetailsQuery: /* GraphQL */ `
query ExplorerDetailsQuery($id: ID!) {
  node(id: $id) {
    id
    ... on Entity {
      slug
      name
      kind
      description
      aliases
      evidence {
        ...ExplorerEvidence
      }
    }
    ... on Commitment {
      statement
      commitmentKind
      status
      timeframe {
        ...ExplorerTimeSpan
      }
      quantities {
        raw
      }
      initiative {
        ...ExplorerEntitySummary
      }
      committedBy(first: 10) {
        nodes {
          ...ExplorerEntitySummary
        }
      }
    }
    ... on Initiative {
      proposedBy(first: 10) {
        nodes {
          ...ExplorerEntitySummary
        }
      }
      commitments(first: 25) {
        totalCount
        nodes {
          ...ExplorerEntitySummary
          statement
          commitmentKind
        }
      }
    }
    ... on Document {
      documentType
      held
      date {
        ...ExplorerTimeSpan
      }
      authors(first: 10) {
        nodes {
          ...ExplorerEntitySummary
        }
      }
    }
    ... on Event {
      eventStatus: status
      date {
        ...ExplorerTimeSpan
      }
    }
    ... on Relation {
      type
      label
      source
      target
      from {
        ...ExplorerEntitySummary
      }
      to {
        ...ExplorerEntitySummary
      }
      qualifiers {
        date
        role
        note
        quantity {
          raw
        }
      }
      evidence {
        ...ExplorerEvidence
      }
    }
  }
}`,
  /** A held source's full text and section bounds, which evidence offsets index into. */
  ExplorerSourceQuery: /* GraphQL */ `
query ExplorerSourceQuery($id: ID!) {
  node(id: $id) {
    id
    ... on Document {
      title
      text
      sections {
        label
        title
        start
        end
      }
    }
  }
}`,
  /** One page of commitments matching a filter, with the facet counts over exactly those commitments. */
  ExplorerCommitmentsQuery: /* GraphQL */ `
query ExplorerCommitmentsQuery($filter: CommitmentFilter, $first: Int = 100) {
  commitmentFacets(filter: $filter) {
    total
    undated
    byKind {
      kind
      count
    }
    byCommitter {
      count
      entity {
        ...ExplorerEntitySummary
      }
    }
    byInitiative {
      count
      entity {
        ...ExplorerEntitySummary
      }
    }
    byTopic {
      count
      entity {
        ...ExplorerEntitySummary
      }
    }
    byYear {
      year
      count
    }
  }
  commitments(filter: $filter, first: $first, orderBy: DATE) {
    ...ExplorerCommitmentPage
  }
}`,
  /** The next page of the same list, when a filter selects more commitments than one page holds. */
  ExplorerCommitmentPageQuery: /* GraphQL */ `
query ExplorerCommitmentPageQuery($filter: CommitmentFilter, $after: String!, $first: Int = 100) {
  commitments(filter: $filter, first: $first, after: $after, orderBy: DATE) {
    ...ExplorerCommitmentPage
  }
}`,
} as const;

/** The name of one of the explorer's operations. */
export type OperationName = keyof typeof QUERIES;

/** The fragment names a text spreads, transitively, in first-use order. */
function spreadFragments(text: string, seen: Set<string> = new Set()): Set<string> {
  for (const match of text.matchAll(/\.\.\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] as keyof typeof FRAGMENTS;
    if (name in FRAGMENTS && !seen.has(name)) {
      seen.add(name);
      spreadFragments(FRAGMENTS[name], seen);
    }
  }
  return seen;
}

/** Each operation as the document sent to the server: the query followed by the fragments it uses. */
export const OPERATIONS = Object.fromEntries(
  Object.entries(QUERIES).map(([name, text]) => [
    name,
    [text, ...[...spreadFragments(text)].map((fragment) => FRAGMENTS[fragment as keyof typeof FRAGMENTS])]
      .join("\n")
      .trim(),
  ]),
) as Record<OperationName, string>;

/** Every definition (fragments and queries) by name, one text each: what code generators read. */
export const DEFINITIONS: Record<string, string> = Object.fromEntries(
  [...Object.entries(FRAGMENTS), ...Object.entries(QUERIES)].map(([name, text]) => [name, text.trim()]),
);

/** Variables that exercise every operation on the seed (used by the tests and as the explorer's first view). */
export const EXAMPLE_VARIABLES: Record<OperationName, Record<string, unknown>> = {
  ExplorerSearchQuery: { query: "Chongqing" },
  ExplorerNeighborhoodQuery: { slug: "xi-jinping", depth: 2 },
  ExplorerExpandQuery: { id: "SW5pdGlhdGl2ZTpjb21tdW5pdHktb2YtaGVhbHRoLWluaXRpYXRpdmU=" },
  ExplorerPathsQuery: { from: "xi-jinping", to: "who", excludeTypes: ["MENTIONS", "AUTHORED"] },
  ExplorerDetailsQuery: { id: "SW5pdGlhdGl2ZTpjb21tdW5pdHktb2YtaGVhbHRoLWluaXRpYXRpdmU=" },
  ExplorerSourceQuery: { id: "RG9jdW1lbnQ6c2NvLTIwMjAtc3VtbWl0LWFydGljbGU=" },
  ExplorerCommitmentsQuery: { filter: { committer: "xi-jinping" } },
  ExplorerCommitmentPageQuery: { filter: {}, first: 50, after: "T2Zmc2V0Q29ubmVjdGlvbjo0OQ==" },
};
