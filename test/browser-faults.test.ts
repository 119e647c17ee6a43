/**
 * Browser faults in real Chromium: offline for a while, a tab closed with events queued, two tabs, no
 * IndexedDB (private mode) or a full one, and a hostile host page that overrides fetch, JSON, Promise and
 * Array.prototype. Each time every event arrives exactly once in the counts, and the page sees no error.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { launchBrowser } from "./helpers/browser.ts";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";
import { sdkReady, startHostServer, type HostServer } from "./helpers/host-page.ts";

let collector: RunningCollector;
let browser: Browser;
let host: HostServer;
let context: BrowserContext;
let errors: string[] = [];
/** What the collector answered the SDK's batches, for a failing test's message. */
let answers: string[] = [];
const delivered: Record<string, number> = {};

beforeAll(async () => {
  [collector, browser] = await Promise.all([startCollector(), launchBrowser()]);
  host = await startHostServer(collector.url, collector.writeKey);
});
afterAll(async () => {
  console.log(`RELIABILITY browser-faults: ${Object.entries(delivered).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  await browser?.close();
  await host?.stop();
  await collector?.stop();
});
afterEach(async () => {
  await context?.close();
  expect(errors).toEqual([]);
  errors = [];
  answers = [];
});

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e.message}`));
  page.on("response", (r) => void (r.url().includes("/v1/batch") && answers.push(String(r.status()))));
  page.on("requestfailed", (r) => void (r.url().includes("/v1/batch") && answers.push(r.failure()?.errorText ?? "failed")));
  await page.goto(url);
  return page;
}

/** The user's Feature Used events as stored, and as the features trend counts them. */
async function counts(userId: string, feature: string) {
  const events = await collector.store.exportUser("default", userId);
  const ids = events.filter((e) => e.event === "Feature Used" && e.properties.feature === feature).map((e) => e.messageId);
  const day = new Date().toISOString().slice(0, 10);
  const trend = await collector.query<{ features: { feature: string; series: { uses: number }[] }[] }>(
    `/v1/trends/features?from=${day}&to=${day}&interval=day&feature=${feature}`,
  );
  const uses = (trend.features.find((f) => f.feature === feature)?.series ?? []).reduce((s, p) => s + p.uses, 0);
  return { stored: ids.length, distinct: new Set(ids).size, uses };
}

/** Waits (the SDK backs off up to a minute) until `n` events are in, then checks nothing more comes. */
async function expectExactlyOnce(userId: string, feature: string, n: number) {
  const deadline = Date.now() + 75_000;
  while ((await counts(userId, feature)).stored < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1000));
  const c = await counts(userId, feature);
  delivered[feature] = c.uses;
  expect(c, `batch answers: ${answers.join(" ")}`).toEqual({ stored: n, distinct: n, uses: n });
}

const track = (page: Page, userId: string, feature: string, n: number) =>
  page.evaluate(
    ([userId, feature, n]) => {
      const u = (window as unknown as { uptake: { identify(id: string): void; feature(f: string, p: object): void } }).uptake;
      u.identify(userId);
      for (let i = 0; i < n; i++) u.feature(feature, { i });
    },
    [userId, feature, n] as const,
  );

it("offline for a while: the queue waits and then delivers each event once", async () => {
  context = await browser.newContext();
  const page = await open(host.define("offline"));
  await sdkReady(page);
  await context.setOffline(true);
  await track(page, "bf-offline", "offline", 8);
  await new Promise((r) => setTimeout(r, 4000)); // several failed attempts
  await context.setOffline(false);
  await expectExactlyOnce("bf-offline", "offline", 8);
}, 120_000);

it("a tab closed with events queued: the next tabs (two at once) deliver them once", async () => {
  context = await browser.newContext();
  const url = host.define("closed");
  const first = await open(url);
  // This tab never reaches the collector, not even with the keepalive sends of its pagehide.
  await first.route("**/v1/batch**", (route) => route.abort("internetdisconnected"));
  await sdkReady(first);
  await track(first, "bf-closed", "closed", 6);
  // flush() settles once the batch is delivered or persisted: here, persisted in IndexedDB.
  await first.evaluate(() => (window as unknown as { uptake: { flush(): Promise<void> } }).uptake.flush());
  await first.close({ runBeforeUnload: true });
  const [a, b] = await Promise.all([open(url), open(url)]);
  await Promise.all([sdkReady(a), sdkReady(b)]);
  await expectExactlyOnce("bf-closed", "closed", 6);
}, 120_000);

it("two tabs tracking at once: every event of both arrives once", async () => {
  context = await browser.newContext();
  const url = host.define("two-tabs");
  const [a, b] = await Promise.all([open(url), open(url)]);
  await Promise.all([sdkReady(a), sdkReady(b)]);
  await Promise.all([track(a, "bf-two", "two-tabs", 15), track(b, "bf-two", "two-tabs", 15)]);
  await expectExactlyOnce("bf-two", "two-tabs", 30);
}, 120_000);

it("IndexedDB unavailable (private mode) or full: events still arrive once", async () => {
  context = await browser.newContext();
  const blocked = await open(
    host.define("no-idb", `<script>Object.defineProperty(window, "indexedDB", { get() { throw new DOMException("blocked", "SecurityError"); } });</script>`),
  );
  const full = await open(
    host.define("idb-full", `<script>IDBObjectStore.prototype.put = function () { throw new DOMException("full", "QuotaExceededError"); };</script>`),
  );
  await Promise.all([sdkReady(blocked), sdkReady(full)]);
  await track(blocked, "bf-no-idb", "no-idb", 5);
  await track(full, "bf-idb-full", "idb-full", 5);
  await expectExactlyOnce("bf-no-idb", "no-idb", 5);
  await expectExactlyOnce("bf-idb-full", "idb-full", 5);
}, 120_000);

/** Before sdk.js: what old libraries and wrappers do (Prototype.js's Array#toJSON, a fetch wrapper, a Promise polyfill). */
const BEFORE = `<script>
  Array.prototype.toJSON = function () { return "array as a string, as Prototype.js 1.6 does"; };
  Array.prototype.remove = function (x) { return this.filter(function (y) { return y !== x; }); };
  var realFetch = window.fetch;
  window.fetch = function (input, init) { return realFetch(input, init); };
  var RealPromise = window.Promise;
  window.Promise = function (executor) { return new RealPromise(executor); };
  window.Promise.resolve = function (v) { return RealPromise.resolve(v); };
  window.Promise.reject = function (v) { return RealPromise.reject(v); };
  window.Promise.all = function (v) { return RealPromise.all(v); };
  window.Promise.race = function (v) { return RealPromise.race(v); };
  var realStringify = JSON.stringify;
  JSON.stringify = function (v, r, s) { return realStringify(v, r, s); };
</script>`;

/** After sdk.js: the host breaks fetch, JSON and Promise outright, then tracks from its own script. */
const AFTER = `<script>
  (function wait() {
    var u = window.uptake;
    if (!u || Array.isArray(u)) return setTimeout(wait, 20);
    window.fetch = function () { throw new Error("host page: fetch is disabled"); };
    JSON.stringify = function () { throw new Error("host page: no JSON for you"); };
    JSON.parse = function () { throw new Error("host page: no JSON for you"); };
    window.Promise = function () { throw new Error("host page: no Promise for you"); };
    Object.defineProperty(Array.prototype, "extra", { value: 1, enumerable: true, configurable: true, writable: true });
    u.identify("bf-hostile");
    for (var i = 0; i < 8; i++) u.feature("hostile", { i: i, tags: ["a", "b"] });
    document.title = "tracked";
  })();
</script>`;

it("a hostile host page overriding fetch, JSON, Promise and Array.prototype: events arrive once, no error reaches the page", async () => {
  context = await browser.newContext();
  const page = await open(host.define("hostile", BEFORE, AFTER));
  // Polled from outside: waitForFunction runs in the page's world, where Promise is now broken.
  while ((await page.title()) !== "tracked") await new Promise((r) => setTimeout(r, 50));
  await expectExactlyOnce("bf-hostile", "hostile", 8);
  const events = await collector.store.exportUser("default", "bf-hostile");
  expect(events.find((e) => e.event === "Feature Used")?.properties).toMatchObject({ feature: "hostile", tags: ["a", "b"] });
}, 120_000);
