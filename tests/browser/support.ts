/**
 * Shared set-up of the browser tests: Debian's Chromium driven by playwright-core, pages that may reach only
 * 127.0.0.1 (every other host is blocked and recorded), and a record of console errors and uncaught exceptions.
 */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (the `chromium` package); never a downloaded browser build. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM);

/** Where screenshots go; the README's screenshots are taken from here. */
export const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url);

/** Launch headless Chromium with the flags that keep it off the network and quiet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** A page whose requests to any host but 127.0.0.1 are refused, with what it tried and what went wrong. */
export interface GuardedPage {
  page: Page;
  /** URLs of refused requests to other hosts. */
  outside: string[];
  /** Console errors and uncaught exceptions. */
  problems: string[];
}

/** Open a page that may reach only 127.0.0.1, recording blocked requests and console errors. */
export async function openGuardedPage(
  browser: Browser,
  viewport = { width: 1400, height: 900 },
): Promise<GuardedPage> {
  const page = await browser.newPage({ viewport });
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
  return { page, outside, problems };
}

/** Save a screenshot of the page under docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(name, SCREENSHOTS).pathname });
}
