/**
 * The commitments view: the facet counts (kind, committer, initiative, topic, year) as filters, a timeline strip
 * of the dated commitments, and the table of the commitments the filters select. The facets and the table come
 * from one request, so every count is the number of rows a click on it shows.
 */
import { run } from "./api.ts";
import { type Child, h, replace, words } from "./dom.ts";
import type { CommitmentFacets, CommitmentRow, EntitySummary } from "./types.ts";

/** The filters of the view, as the URL holds them. */
export interface CommitmentFilterState {
  kind?: string;
  committer?: string;
  initiative?: string;
  topic?: string;
  year?: string;
}

/** One page of the commitments list. */
interface CommitmentPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: CommitmentRow[];
}

/** Most pages of 100 the table loads for one filter. */
const MAX_PAGES = 10;

/** The facet names, in the order they are shown, with their headings. */
const FACETS: [keyof CommitmentFilterState, string][] = [
  ["kind", "Kind"],
  ["committer", "Committed by"],
  ["initiative", "Initiative"],
  ["topic", "Topic"],
  ["year", "Year due"],
];

/** What the view does on the user's behalf. */
export interface CommitmentActions {
  /** Change the filters (the owner puts them in the URL, which re-renders the view). */
  setFilter(filter: CommitmentFilterState): void;
  /** Show one commitment's details. */
  select(entity: EntitySummary): void;
}

/** The API filter for the view's filters. */
function apiFilter(filter: CommitmentFilterState): Record<string, unknown> {
  return {
    ...(filter.kind ? { kinds: [filter.kind] } : {}),
    ...(filter.committer ? { committer: filter.committer } : {}),
    ...(filter.initiative ? { initiative: filter.initiative } : {}),
    ...(filter.topic ? { topic: filter.topic } : {}),
    ...(filter.year ? { yearDue: Number(filter.year) } : {}),
  };
}

/** One facet's buttons: value, label, count; the active one is pressed and clears itself on a second click. */
function facetList(
  facet: keyof CommitmentFilterState,
  buckets: { value: string; label: Child; count: number }[],
  filter: CommitmentFilterState,
  actions: CommitmentActions,
): HTMLElement {
  const list = h(
    "ul",
    { className: "facet-values" },
    buckets.map((bucket) => {
      const pressed = filter[facet] === bucket.value;
      return h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            className: "facet",
            "data-facet": facet,
            "data-value": bucket.value,
            "aria-pressed": String(pressed),
            onClick: () => actions.setFilter({ ...filter, [facet]: pressed ? undefined : bucket.value }),
          },
          h("span", { className: "facet-label" }, bucket.label),
          " ",
          h("span", { className: "count" }, String(bucket.count)),
        ),
      );
    }),
  );
  return list;
}

/** The timeline strip: each dated commitment as a bar over the years its timeframe covers. */
function timeline(rows: readonly CommitmentRow[], actions: CommitmentActions): HTMLElement | null {
  const dated = rows.filter((row) => row.timeframe);
  if (dated.length === 0) return h("p", { className: "muted" }, "None of these commitments is dated.");
  const year = (date: string) => Number(date.slice(0, 4));
  const first = Math.min(...dated.map((row) => year(row.timeframe?.start ?? "")));
  const last = Math.max(...dated.map((row) => year(row.timeframe?.end ?? "")));
  const years = Array.from({ length: last - first + 1 }, (_, at) => first + at);
  const columns = `repeat(${years.length}, minmax(0, 1fr))`;
  // A long span labels every fifth year only, so the labels never overlap.
  const labelEvery = years.length > 12 ? 5 : 1;
  const axis = h(
    "div",
    { className: "timeline-axis", "aria-hidden": "true" },
    years.map((y, at) => h("span", {}, at % labelEvery === 0 ? String(y) : "")),
  );
  axis.style.gridTemplateColumns = columns;
  const bars = dated.map((row) => {
    const from = year(row.timeframe?.start ?? "") - first + 1;
    const to = year(row.timeframe?.end ?? "") - first + 2;
    const bar = h(
      "button",
      {
        type: "button",
        className: "timeline-bar",
        title: row.statement,
        onClick: () => actions.select(row),
      },
      `${row.name} (${row.timeframe?.start === row.timeframe?.end ? row.timeframe?.start : `${row.timeframe?.start}–${row.timeframe?.end}`})`,
    );
    bar.style.gridColumn = `${from} / ${to}`;
    return bar;
  });
  const lanes = h("div", { className: "timeline-lanes" }, bars);
  lanes.style.gridTemplateColumns = columns;
  return h(
    "figure",
    { className: "timeline", "aria-labelledby": "timeline-title" },
    h("figcaption", { id: "timeline-title" }, `Timeline: ${dated.length} dated commitment(s)`),
    axis,
    lanes,
  );
}

/** The table of commitments. */
function table(rows: readonly CommitmentRow[], total: number, actions: CommitmentActions): HTMLElement {
  const names = (entities: readonly EntitySummary[]) => entities.map((entity) => entity.name).join(", ");
  return h(
    "table",
    { className: "commitments-table" },
    h(
      "caption",
      {},
      h("span", { id: "commitments-total" }, String(total)),
      ` commitment${total === 1 ? "" : "s"}`,
      rows.length < total ? ` (first ${rows.length} shown)` : "",
    ),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Commitment", "Kind", "Committed by", "Initiative", "Topics", "Due"].map((title) =>
          h("th", { scope: "col" }, title),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          { "data-slug": row.slug },
          h(
            "td",
            {},
            h("button", { type: "button", className: "link", onClick: () => actions.select(row) }, row.name),
            h("div", { className: "statement" }, row.statement),
          ),
          h("td", {}, words(row.commitmentKind)),
          h("td", {}, names(row.committedBy.nodes)),
          h("td", {}, row.initiative?.name ?? "—"),
          h("td", {}, names(row.topics.nodes)),
          h("td", {}, row.timeframe ? (row.timeframe.raw ?? row.timeframe.start) : "—"),
        ),
      ),
    ),
  );
}

/** Fetch and show the commitments matching `filter` in `root`. */
export async function showCommitments(
  root: HTMLElement,
  filter: CommitmentFilterState,
  actions: CommitmentActions,
): Promise<void> {
  root.setAttribute("aria-busy", "true");
  const requested = JSON.stringify(filter);
  root.dataset.requested = requested;
  let data: { commitmentFacets: CommitmentFacets; commitments: CommitmentPage };
  try {
    data = await run("ExplorerCommitmentsQuery", { filter: apiFilter(filter) });
    // A filter that selects more than one page: the rest follows, page by page (at most MAX_PAGES in all).
    let page = data.commitments;
    for (let pages = 1; page.pageInfo.hasNextPage && page.pageInfo.endCursor && pages < MAX_PAGES; pages++) {
      page = (
        await run<{ commitments: CommitmentPage }>("ExplorerCommitmentPageQuery", {
          filter: apiFilter(filter),
          after: page.pageInfo.endCursor,
        })
      ).commitments;
      data.commitments.nodes.push(...page.nodes);
    }
  } catch (error) {
    replace(root, h("p", { className: "error" }, (error as Error).message));
    root.removeAttribute("aria-busy");
    return;
  }
  if (root.dataset.requested !== requested) return;
  const facets = data.commitmentFacets;
  const entityBuckets = (buckets: { count: number; entity: EntitySummary }[]) =>
    buckets.map((bucket) => ({ value: bucket.entity.slug, label: bucket.entity.name, count: bucket.count }));
  const buckets: Record<keyof CommitmentFilterState, { value: string; label: Child; count: number }[]> = {
    kind: facets.byKind.map((bucket) => ({
      value: bucket.kind,
      label: words(bucket.kind),
      count: bucket.count,
    })),
    committer: entityBuckets(facets.byCommitter),
    initiative: entityBuckets(facets.byInitiative),
    topic: entityBuckets(facets.byTopic),
    year: facets.byYear.map((bucket) => ({
      value: String(bucket.year),
      label: String(bucket.year),
      count: bucket.count,
    })),
  };
  const active = FACETS.filter(([facet]) => filter[facet]);
  /** The shown name of an active filter's value (the slug or constant when no bucket names it). */
  const labelOf = (facet: keyof CommitmentFilterState) => {
    const label = buckets[facet].find((bucket) => bucket.value === filter[facet])?.label;
    return typeof label === "string" ? label : (filter[facet] ?? "");
  };
  replace(
    root,
    h(
      "div",
      { className: "active-filters", "aria-label": "Active filters" },
      active.length === 0
        ? h("span", { className: "muted" }, `All ${facets.total} commitments; pick a count to filter.`)
        : [
            ...active.map(([facet, title]) =>
              h(
                "button",
                {
                  type: "button",
                  className: "chip",
                  "aria-label": `Remove the filter ${title}: ${filter[facet]}`,
                  onClick: () => actions.setFilter({ ...filter, [facet]: undefined }),
                },
                `${title}: ${labelOf(facet)} ×`,
              ),
            ),
            h(
              "button",
              { type: "button", className: "link", onClick: () => actions.setFilter({}) },
              "Clear all",
            ),
          ],
    ),
    h(
      "div",
      { className: "facets" },
      FACETS.map(([facet, title]) =>
        h(
          "section",
          { className: `facet-group facet-${facet}`, "aria-labelledby": `facet-${facet}` },
          h("h3", { id: `facet-${facet}` }, title),
          buckets[facet].length > 0
            ? facetList(facet, buckets[facet], filter, actions)
            : h("p", { className: "muted" }, "none"),
        ),
      ),
    ),
    timeline(data.commitments.nodes, actions),
    table(data.commitments.nodes, data.commitments.totalCount, actions),
  );
  root.removeAttribute("aria-busy");
}
