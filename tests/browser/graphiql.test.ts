/**
 * GraphiQL in a real browser, offline: headless Chromium (Debian's, driven by playwright-core) with every request to
 * a host other than 127.0.0.1 blocked. Runs with `npm run test:browser`; skipped where /usr/bin/chromium is absent.
 */
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.ts";
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
});
