/**
 * The explorer at /explore in a real browser, offline: headless Chromium with every request to a host other than
 * 127.0.0.1 blocked and no console error allowed. Each flow is checked against what the API itself answers, and the
 * README's screenshots of the explorer are taken here. Runs with `npm run test:browser`.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sharedExplorer } from "../../src/http/explorer.ts";
import { type RunningServer, startServer } from "../../src/http/server.ts";
import { store } from "../support/api.ts";
import {
  type GuardedPage,
  hasChromium,
  launchChromium,
  openGuardedPage,
  SCREENSHOTS,
  screenshot,
} from "./support.ts";

let server: RunningServer;
let browser: Browser;
let guarded: GuardedPage | undefined;

/** Ask the API directly (the page's answers are compared with these). */
async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Open the explorer at a hash and wait until it has rendered. */
async function open(hash = ""): Promise<Page> {
  guarded = await openGuardedPage(browser);
  await guarded.page.goto(`${server.url}/explore/${hash}`, { waitUntil: "load" });
  await settled(guarded.page);
  return guarded.page;
}

/** Wait until the page has rendered what the URL asks for. */
async function settled(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
}

/** Type into a search box and pick the result with this slug by keyboard (arrow keys, then Enter). */
async function pick(page: Page, inputId: string, text: string, slug: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.fill("");
  await input.pressSequentially(text, { delay: 20 });
  const options = page.locator(`#${inputId}-list [role="option"]`);
  await page.locator(`#${inputId}-list [data-slug="${slug}"]`).waitFor({ timeout: 10_000 });
  expect(await input.getAttribute("aria-expanded")).toBe("true");
  const slugs = await options.evaluateAll((items) => items.map((item) => item.getAttribute("data-slug")));
  const index = slugs.indexOf(slug);
  for (let step = 0; step <= index; step++) await input.press("ArrowDown");
  expect(await input.getAttribute("aria-activedescendant")).toBe(`${inputId}-list-${index}`);
  await input.press("Enter");
  expect(await input.getAttribute("aria-expanded")).toBe("false");
}

/** Number of rows of a table body. */
function rows(page: Page, selector: string): Promise<number> {
  return page.locator(`${selector} tbody tr`).count();
}

describe.skipIf(!hasChromium)("the explorer in Chromium, with no outside network", () => {
  beforeAll(async () => {
    // Built here when missing or stale (as the server itself would, in the background).
    expect((await sharedExplorer().ready()).state).toBe("ready");
    server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
    browser = await launchChromium();
  }, 120_000);
  afterEach(() => {
    // Every flow: nothing fetched from another host, nothing logged as an error.
    expect(guarded?.outside).toEqual([]);
    expect(guarded?.problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("searches Chongqing, opens it, and expands a node by clicking it in the drawing", async () => {
    const page = await open();
    await pick(page, "search-input", "Chongqing", "chongqing");
    await settled(page);
    expect(page.url()).toContain("focus=chongqing");
    await expect.poll(() => page.locator("#graph-title").textContent()).toBe("Neighbourhood of Chongqing");
    const before = await rows(page, ".entities-table");
    const { neighborhood } = (
      await api<{ entity: { neighborhood: { hops: unknown[] } } }>(
        `query($slug: String!) { entity(slug: $slug) { neighborhood(limit: 60, edgeLimit: 200) { hops { hops } } } }`,
        { slug: "chongqing" },
      )
    ).entity;
    expect(before).toBe(neighborhood.hops.length);
    // The drawing holds the same entities as the text alternative.
    expect(
      await page.evaluate(
        () => (window as never as { explorerGraph: { nodes(): unknown[] } }).explorerGraph.nodes().length,
      ),
    ).toBe(before);
    // Click a neighbour on the canvas, where cytoscape drew it.
    const target = await page.evaluate(() => {
      const cy = (window as never as { explorerGraph: import("cytoscape").Core }).explorerGraph;
      const candidates = cy.nodes("[!centre]").toArray() as import("cytoscape").NodeSingular[];
      const node = candidates.sort((a, b) => b.degree(false) - a.degree(false))[0];
      const box = cy.container()?.getBoundingClientRect();
      return node && box
        ? { id: node.id(), x: box.left + node.renderedPosition().x, y: box.top + node.renderedPosition().y }
        : null;
    });
    expect(target).not.toBeNull();
    await page.mouse.click(target?.x ?? 0, target?.y ?? 0);
    await expect
      .poll(() => page.locator("#graph-status").textContent(), { timeout: 10_000 })
      .toContain("Expanded");
    await settled(page);
    expect(await rows(page, ".entities-table")).toBeGreaterThan(before);
    expect(
      await page.locator(`.entities-table tr[data-id="${target?.id}"] button`).last().textContent(),
    ).toBe("expanded");
    // The click also selected it: its details are shown.
    await page.locator("#details .evidence").first().waitFor();
    await screenshot(page, "explorer-graph.png");
  }, 60_000);

  it("finds the shortest path from Xi Jinping to the WHO, highlights it, and shows a step's quote in the source", async () => {
    const page = await open("#paths");
    await pick(page, "path-from", "Xi Jinping", "xi-jinping");
    await settled(page);
    await pick(page, "path-to", "World Health", "who");
    await settled(page);
    const { start } = await api<{
      start: {
        pathsTo: { length: number; steps: { entity: { name: string }; relation: { id: string } }[] }[];
      };
    }>(
      `{ start: entity(slug: "xi-jinping") { pathsTo(to: "who", first: 5, maxDepth: 5, excludeTypes: [MENTIONS, AUTHORED]) { length steps { entity { name } relation { id } } } } }`,
    );
    expect(start.pathsTo.length).toBeGreaterThan(0);
    await page.locator(".path").first().waitFor();
    expect(await page.locator(".path").count()).toBe(start.pathsTo.length);
    const firstPath = start.pathsTo[0];
    const stepTexts = await page.locator(".path").first().locator("li.step").allTextContents();
    expect(stepTexts.length).toBe(firstPath?.length);
    for (const [at, step] of (firstPath?.steps ?? []).entries())
      expect(stepTexts[at]).toContain(step.entity.name);
    // Highlighted in the drawing: every node and edge of the paths.
    const onPath = await page.evaluate(
      () =>
        (window as never as { explorerGraph: import("cytoscape").Core }).explorerGraph.$(".on-path").length,
    );
    expect(onPath).toBeGreaterThanOrEqual((firstPath?.length ?? 0) * 2 + 1);
    await screenshot(page, "explorer-path.png");

    // A reload restores the same view from the URL.
    await page.reload({ waitUntil: "load" });
    await settled(page);
    await page.locator(".path").first().waitFor();
    expect(await page.locator(".path").count()).toBe(start.pathsTo.length);
    expect(await page.inputValue("#path-from")).toBe("Xi Jinping");

    // Open the last step's relation: its quote is marked in its sentence and in its section of the source text.
    const relationId = firstPath?.steps.at(-1)?.relation.id ?? "";
    const { node } = await api<{ node: { label: string; evidence: { quote: string }[] } }>(
      `query($id: ID!) { node(id: $id) { ... on Relation { label evidence { quote } } } }`,
      { id: relationId },
    );
    await page.locator(`.path button.relation[data-id="${relationId}"]`).first().click();
    await settled(page);
    await expect.poll(() => page.locator("#details-title").textContent()).toBe(node.label);
    const quotes = node.evidence.map((evidence) => evidence.quote);
    expect(await page.locator("#details .sentence mark").allTextContents()).toEqual(quotes);
    await page.locator("#details .section-text mark").first().waitFor();
    expect(await page.locator("#details details[open] .section-text mark").first().textContent()).toBe(
      quotes[0],
    );
    await page
      .locator("#details")
      .screenshot({ path: new URL("explorer-evidence.png", SCREENSHOTS).pathname });
  }, 60_000);

  it("filters commitments by the facet counts the API gives, and each count is the rows a click shows", async () => {
    const facetsQuery = `query($filter: CommitmentFilter) { commitmentFacets(filter: $filter) {
      total byKind { kind count } byCommitter { count entity { slug } } } }`;
    type Facets = {
      commitmentFacets: {
        total: number;
        byKind: { kind: string; count: number }[];
        byCommitter: { count: number; entity: { slug: string } }[];
      };
    };
    const all = (await api<Facets>(facetsQuery)).commitmentFacets;
    const page = await open("#commitments");
    await page.locator(".commitments-table").waitFor();
    expect(Number(await page.locator("#commitments-total").textContent())).toBe(all.total);
    expect(await rows(page, ".commitments-table")).toBe(all.total);
    // Every kind count on the page is the API's.
    for (const bucket of all.byKind) {
      const button = page.locator(`button[data-facet="kind"][data-value="${bucket.kind}"] .count`);
      expect(Number(await button.textContent())).toBe(bucket.count);
    }
    // Click the largest kind: the table holds exactly that many rows.
    const kind = all.byKind[0] as { kind: string; count: number };
    await page.locator(`button[data-facet="kind"][data-value="${kind.kind}"]`).click();
    await settled(page);
    expect(page.url()).toContain(`kind=${kind.kind}`);
    await expect.poll(() => rows(page, ".commitments-table")).toBe(kind.count);
    // Narrow by the first committer within that kind: the counts are the API's for the combined filter.
    const narrowed = (await api<Facets>(facetsQuery, { filter: { kinds: [kind.kind] } })).commitmentFacets;
    const committer = narrowed.byCommitter[0] as { count: number; entity: { slug: string } };
    const button = page.locator(`button[data-facet="committer"][data-value="${committer.entity.slug}"]`);
    expect(Number(await button.locator(".count").textContent())).toBe(committer.count);
    await button.click();
    await settled(page);
    await expect.poll(() => rows(page, ".commitments-table")).toBe(committer.count);
    expect(Number(await page.locator("#commitments-total").textContent())).toBe(committer.count);
    await expect
      .poll(() => page.locator(`button[data-facet="committer"][aria-pressed="true"]`).count())
      .toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "explorer-commitments.png");
    // Clearing the filters brings every commitment back; the timeline strip shows the dated ones.
    await page.getByRole("button", { name: "Clear all" }).click();
    await settled(page);
    await expect.poll(() => rows(page, ".commitments-table")).toBe(all.total);
    const dated = (
      await api<{ commitments: { nodes: { timeframe: unknown }[] } }>(
        `{ commitments(first: 100) { nodes { timeframe { start } } } }`,
      )
    ).commitments.nodes.filter((commitment) => commitment.timeframe).length;
    expect(await page.locator(".timeline-bar").count()).toBe(dated);
    // Back to the graph: the drawing, hidden meanwhile, is measured again and fills its box.
    await page.getByRole("link", { name: "Graph", exact: true }).click();
    await settled(page);
    // The attribute `settled` waits on may still be set from before the click: poll what the drawing shows.
    const size = () =>
      page.evaluate(() => {
        const cy = (window as never as { explorerGraph: import("cytoscape").Core }).explorerGraph;
        return { width: cy.width(), nodes: cy.nodes().length };
      });
    await expect.poll(async () => (await size()).width).toBeGreaterThan(300);
    await expect.poll(async () => (await size()).nodes).toBeGreaterThan(1);
  }, 60_000);

  it("answers what Xi Jinping proposed, what it contains and where the article says so, by clicking", async () => {
    const { person } = await api<{
      person: {
        proposed: {
          nodes: {
            name: string;
            commitments: { totalCount: number; nodes: { name: string; evidence: { quote: string }[] }[] };
          }[];
        };
      };
    }>(
      `{ person(slug: "xi-jinping") { proposed(first: 10) { nodes { name commitments(first: 25) { totalCount nodes { name evidence { quote } } } } } } }`,
    );
    const proposed = person.proposed.nodes;
    const page = await open();
    // Follow only "proposes": the drawing and its text list hold exactly what he proposed.
    await page.locator("details.types summary").click();
    await page.getByRole("checkbox", { name: "proposes" }).check();
    await settled(page);
    expect(page.url()).toContain("types=PROPOSES");
    await expect.poll(() => rows(page, ".relations-table")).toBe(proposed.length);
    const initiatives = await page.locator(".relations-table tbody td:nth-child(3)").allTextContents();
    expect(initiatives.sort()).toEqual(proposed.map((initiative) => initiative.name).sort());

    // What it contains: open the initiative (from the relation's details), then one of its commitments.
    const initiative = proposed.find((candidate) => candidate.commitments.totalCount > 0) ?? proposed[0];
    const row = page.locator(".relations-table tbody tr", { hasText: initiative?.name ?? "" });
    await row.getByRole("button").click();
    await settled(page);
    await page.locator("#details .sentence mark").first().waitFor();
    await page
      .locator("#details .facts")
      .getByRole("button", { name: initiative?.name ?? "" })
      .click();
    await settled(page);
    await expect
      .poll(() => page.locator("#contains-title").textContent())
      .toBe(`Contains ${initiative?.commitments.totalCount} commitment(s)`);
    const listed = await page.locator("#details .contains li .entity-ref button").allTextContents();
    expect(listed).toEqual(initiative?.commitments.nodes.map((commitment) => commitment.name));

    // Where the article says so: the commitment's quotes, marked in the article's text.
    const commitment = initiative?.commitments.nodes[0];
    await page.locator("#details .contains li .entity-ref button").first().click();
    await settled(page);
    await expect.poll(() => page.locator("#details-title").textContent()).toContain(commitment?.name ?? "");
    expect(await page.locator("#details .sentence mark").allTextContents()).toEqual(
      commitment?.evidence.map((evidence) => evidence.quote),
    );
    expect(await page.locator("#details .source cite").first().textContent()).toContain(
      "Shanghai Cooperation Organization",
    );
    expect(await page.locator("#details .section-text mark").first().textContent()).toBe(
      commitment?.evidence[0]?.quote,
    );
  }, 60_000);
});
