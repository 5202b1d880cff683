/**
 * GraphiQL in a real browser, offline: headless Chromium (Debian's, driven by playwright-core) with every request to
 * a host other than 127.0.0.1 blocked. Runs with `npm run test:browser`; skipped where /usr/bin/chromium is absent.
 */
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.ts";
import { GRAPHIQL_EXAMPLES } from "../../src/http/yoga.ts";
import { store } from "../support/api.ts";
import { hasChromium, launchChromium, openGuardedPage, screenshot } from "./support.ts";

let server: RunningServer;
let browser: Browser;

/** A Monaco editor's text (Monaco draws spaces as no-break spaces). */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replaceAll("\u00a0", " ");
}

describe.skipIf(!hasChromium)("GraphiQL in Chromium, with no outside network", () => {
  beforeAll(async () => {
    server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens on the default query, runs it, and shows Xi Jinping's initiatives, without console errors", async () => {
    const { page, outside, problems } = await openGuardedPage(browser);
    await page.goto(`${server.url}/graphql`, { waitUntil: "load" });
    const editor = page.locator(".graphiql-query-editor");
    await editor.waitFor({ timeout: 30_000 });
    await expect.poll(() => text(editor), { timeout: 30_000 }).toContain("LeaderInitiatives");
    await page.locator(".graphiql-execute-button").click();
    const response = page.locator(".graphiql-response");
    await expect.poll(() => text(response), { timeout: 30_000 }).toContain('"name": "Xi Jinping"');
    expect(await text(response)).toContain("Community");
    await screenshot(page, "graphiql.png");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it("has the saved examples as tabs after the default query, and its title links to the explorer", async () => {
    const { page, outside, problems } = await openGuardedPage(browser);
    await page.goto(`${server.url}/graphql`, { waitUntil: "load" });
    const tabs = page.locator(".graphiql-tab");
    await tabs.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => tabs.count()).toBe(1 + GRAPHIQL_EXAMPLES.length);
    // Each tab is named after its operation (the tab's text continues with its close button's label).
    const names = await tabs.allTextContents();
    for (const [at, name] of [
      "LeaderInitiatives",
      ...GRAPHIQL_EXAMPLES.map((example) => example.name),
    ].entries()) {
      expect(names[at]?.startsWith(name)).toBe(true);
    }
    // Open the path example and run it: the path reaches the World Health Organization.
    // By keyboard: the tabs can be dragged to reorder, and a synthetic mouse click is taken for the start of a drag.
    await page.locator('.graphiql-tab-button[title="PathToWho"]').focus();
    await page.keyboard.press("Enter");
    const editor = page.locator(".graphiql-query-editor");
    await expect.poll(() => text(editor), { timeout: 30_000 }).toContain("query PathToWho");
    const response = page.locator(".graphiql-response");
    // GraphiQL takes the tab's operation name from its editor a moment after the switch: until it has, a run
    // names the previous tab's operation ("Cannot infer operation"). Run again until the path's answer shows.
    // (Monaco draws only the lines in view: the first step is enough.)
    await expect
      .poll(
        async () => {
          const shown = await text(response);
          if (!shown.includes('"pathsTo": [')) await page.locator(".graphiql-execute-button").click();
          return shown;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain('"pathsTo": [');
    expect(await text(response)).toContain('"kind": "COMMITMENT"');
    expect(await text(response)).not.toContain('"errors"');
    // The page's title is the plain name; the title bar links to the explorer.
    expect(await page.title()).toBe("SCO knowledge graph");
    const link = page.getByRole("link", { name: "open the graph explorer" });
    expect(await link.getAttribute("href")).toBe("/explore");
    await link.click();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe("/explore");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
