// The whole pipeline as a vendor and a product team see it: the demo page loads sdk.js from the collector,
// a person signs in and uses two features in real Chromium, and the query API counts them.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchBrowser, SCREENSHOTS } from "./helpers/browser.ts";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";

let collector: RunningCollector;
let browser: Browser;
beforeAll(async () => {
  [collector, browser] = await Promise.all([startCollector(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

it("counts a person who signs in on the demo page and uses two features", async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${collector.url}/demo`);
  await page.fill("#email", "ana@acme.example");
  await page.click("#login");
  await page.click('[data-feature="reports"]');
  await page.click('[data-feature="export"]');
  await page.evaluate(() => (window as unknown as { uptake: { flush(): Promise<void> } }).uptake.flush());
  await page.screenshot({ path: `${SCREENSHOTS}demo-page.png` });

  const events = await collector.store.exportUser("default", "ana@acme.example");
  const tracked = events.filter((e) => e.type === "track").map((e) => `${e.event}${e.properties.feature ? `:${e.properties.feature}` : ""}`);
  expect(tracked.sort()).toEqual(["Feature Used:export", "Feature Used:reports", "Signed In"]);
  expect(events.find((e) => e.event === "Feature Used")?.accountId).toBe("acme");
  expect(events.some((e) => e.type === "page")).toBe(true);

  const today = new Date().toISOString().slice(0, 10);
  const { series } = await collector.query(`/v1/trends/active-users?from=${today}&to=${today}`);
  expect(series).toEqual([{ date: today, dau: 1, wau: 1, mau: 1, stickiness: 1 }]);
  expect(pageErrors).toEqual([]);
});

it("delivers events tracked before sdk.js arrived, in order, through the loader stub", async () => {
  const page = await browser.newPage();
  // Hold sdk.js back so the page's first calls land in the stub's queue.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/sdk.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${collector.url}/demo`, { waitUntil: "domcontentloaded" });
  await page.evaluate(() => {
    const w = window as unknown as { uptake: { identify(id: string): void; track(e: string, p?: object): void } };
    w.uptake.identify("early-bird");
    w.uptake.track("Before Load", { n: 1 });
    w.uptake.track("Before Load", { n: 2 });
  });
  release();
  await page.waitForFunction(() => typeof (window as unknown as { uptake: { flush?: unknown } }).uptake.flush === "function" && !Array.isArray((window as unknown as { uptake: unknown }).uptake));
  await page.evaluate(() => (window as unknown as { uptake: { flush(): Promise<void> } }).uptake.flush());
  const events = await collector.store.exportUser("default", "early-bird");
  const early = events.filter((e) => e.event === "Before Load");
  expect(early.map((e) => e.properties.n)).toEqual([1, 2]);
  expect(early[0].timestamp).toBeLessThanOrEqual(early[1].timestamp);
});
