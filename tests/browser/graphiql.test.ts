/**
 * GraphiQL in a real browser, offline: headless Chromium (Debian's, driven by playwright-core) with every request to
 * a host other than 127.0.0.1 blocked. Runs with `npm run test:browser`; skipped where /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.ts";
import { store } from "../support/api.ts";

const CHROMIUM = "/usr/bin/chromium";
/** Where screenshots go; the README's screenshots are taken from here. */
const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url);

let server: RunningServer;
let browser: Browser;

describe.skipIf(!existsSync(CHROMIUM))("GraphiQL in Chromium, with no outside network", () => {
  beforeAll(async () => {
    server = await startServer(store, "127.0.0.1", 0, { log: () => {} });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens on the default query, runs it, and shows Xi Jinping's initiatives, without console errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    const problems: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "blob:" || url.protocol === "data:" || url.hostname === "127.0.0.1") {
        return route.continue();
      }
      outside.push(url.href);
      return route.abort();
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));

    await page.goto(`${server.url}/graphql`, { waitUntil: "load" });
    const editor = page.locator(".graphiql-query-editor");
    await editor.waitFor({ timeout: 30_000 });
    // Monaco draws spaces as no-break spaces.
    const text = async (locator: typeof editor) =>
      ((await locator.textContent()) ?? "").replaceAll("\u00a0", " ");
    await expect.poll(() => text(editor), { timeout: 30_000 }).toContain("LeaderInitiatives");
    await page.locator(".graphiql-execute-button").click();
    const response = page.locator(".graphiql-response");
    await expect.poll(() => text(response), { timeout: 30_000 }).toContain('"name": "Xi Jinping"');
    expect(await text(response)).toContain("Community");
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL("graphiql.png", SCREENSHOTS).pathname });
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
