/** The benchmark queries: the same documents and variables for every peer. */
import { encodeId } from "../src/schema/global-id.ts";

/** One benchmark query. */
export interface BenchQuery {
  id: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
}

export const QUERIES: BenchQuery[] = [
  {
    id: "Q1",
    title: "node lookup",
    query: `query Q1($id: ID!) { node(id: $id) { id ... on Commitment { statement commitmentKind } } }`,
    variables: { id: encodeId("Commitment", "china-pledge-host-digital-economy-forum") },
  },
  {
    id: "Q2",
    title: "one hop: relations(first: 10)",
    query: `query Q2($slug: String!) { entity(slug: $slug) { name relations(first: 10) { totalCount nodes { type from { name } to { name } } } } }`,
    variables: { slug: "xi-jinping" },
  },
  {
    id: "Q3",
    title: "three hops: leader → proposes → initiative → contains → commitment → evidence",
    query: `query Q3($slug: String!) { entity(slug: $slug) { name ... on Actor { proposed(first: 10) { nodes { name commitments(first: 10) { nodes { statement committedBy { nodes { name } } evidence { quote } } } } } } } }`,
    variables: { slug: "xi-jinping" },
  },
  {
    id: "Q4",
    title: "search with neighbours",
    query: `query Q4($q: String!) { search(query: $q, first: 5) { totalCount nodes { score snippet entity { name relations(first: 5) { nodes { type to { name } } } } } } }`,
    variables: { q: "digital economy" },
  },
  {
    id: "Q5",
    title: "neighborhood depth 2",
    query: `query Q5($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { truncated nodes { id name kind } edges { source target type } } }`,
    variables: { id: encodeId("Person", "xi-jinping") },
  },
];

/** The exact request body every peer receives for a query. */
export function requestBody(query: BenchQuery): string {
  return JSON.stringify({ query: query.query, variables: query.variables });
}
