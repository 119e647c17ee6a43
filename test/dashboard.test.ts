// The dashboard as a product team uses it, in real Chromium against a real collector seeded by the demo-data
// generator: the key is asked once, the overview shows the query API's numbers, a survey made in the
// dashboard reaches the demo page, every page passes axe-core, and each page is saved as a screenshot.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, launchBrowser } from "./helpers/browser.ts";
import type { RunningCollector } from "./helpers/collector.ts";
import { startSeededCollector } from "./helpers/dashboard-seed.ts";
import { PAGES, gotoDashboard, numberIn, readStat } from "./helpers/dashboard-pages.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let collector: RunningCollector;
let browser: Browser;
beforeAll(async () => {
  collector = await startSeededCollector({ events: 30_000 });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

/** A context that already holds the secret key, as after the first sign-in. */
async function signedIn(colorScheme: "light" | "dark" = "light", bypassCSP = false): Promise<BrowserContext> {
  // axe-core is injected as an inline script, which the dashboard's CSP rightly blocks; only the axe pass bypasses it.
  const ctx = await browser.newContext({ colorScheme, viewport: { width: 1360, height: 900 }, reducedMotion: "reduce", bypassCSP });
  await ctx.addInitScript((key) => localStorage.setItem("uptake.secretKey", key), collector.secretKey);
  return ctx;
}

/** Page errors and CSP violations: the dashboard must raise none. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return problems;
}

describe("dashboard", () => {
  it("serves every dashboard path as the app, with a strict CSP and no framing", async () => {
    for (const path of ["/", "/features", "/accounts/acct_00001", "/surveys/nps-q/edit", "/checklists/onboarding"]) {
      const res = await fetch(collector.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="app">');
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("asks for the secret key once, refuses the write key, and keeps the key across reloads", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const problems = watch(page);
    await page.goto(collector.url);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-sign-in-light.png` });
    await page.fill("#secret-key", collector.writeKey);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("#gate-error")).toContain("not the write key");
    await page.fill("#secret-key", collector.secretKey);
    await page.click("button[type=submit]");
    await page.waitForSelector('[data-stat="dau"]');
    await page.reload();
    await page.waitForSelector('[data-stat="dau"]');
    expect(await page.locator("#secret-key").count()).toBe(0);
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it("shows the query API's active users, stickiness and sign-ins on the overview", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    const to = isoDay(Date.now() - DAY);
    const from = isoDay(Date.now() - 56 * DAY);
    for (const query of [`from=${from}&to=${to}&interval=day`, `from=${from}&to=${to}&interval=week&segment=account.plan:pro`]) {
      await gotoDashboard(page, collector.url, `/?${query}`);
      const api = await collector.query<{ series: { date: string; dau: number; wau: number; mau: number; stickiness: number }[] }>(`/v1/trends/active-users?${query}`);
      const last = api.series[api.series.length - 1];
      expect(await page.getAttribute(".stats[data-bucket]", "data-bucket")).toBe(last.date);
      expect(await readStat(page, "dau")).toBe(last.dau);
      expect(await readStat(page, "wau")).toBe(last.wau);
      expect(await readStat(page, "mau")).toBe(last.mau);
      expect(await readStat(page, "stickiness")).toBeCloseTo(last.stickiness * 100, 1);
      const logins = await collector.query<{ series: { logins: number }[] }>(`/v1/trends/logins?${query}`);
      expect(await readStat(page, "logins")).toBe(logins.series.reduce((s, p) => s + p.logins, 0));
      const features = await collector.query<{ features: { feature: string; adoption: number }[] }>(`/v1/trends/features?${query}`);
      const top = [...features.features].sort((a, b) => b.adoption - a.adoption)[0];
      expect(await page.textContent(".rank li:first-child .rank-name")).toBe(top.feature);
    }
    await ctx.close();
  });

  it("keeps the filters in the URL: a shared link opens the same view, and the sidebar carries them along", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    await gotoDashboard(page, collector.url, "/");
    await page.click("text=7 days");
    await page.selectOption('select:near(:text("Interval"))', "week");
    await page.waitForFunction(() => location.search.includes("interval=week"));
    const shared = new URL(page.url());
    expect(shared.searchParams.get("to")! > shared.searchParams.get("from")!).toBe(true);
    await page.click("nav >> text=Features");
    await page.waitForSelector("table.table tbody tr");
    expect(new URL(page.url()).search).toBe(shared.search);
    await page.goBack();
    await page.waitForSelector('[data-stat="dau"]');
    expect(new URL(page.url()).pathname).toBe("/");

    const other = await (await signedIn()).newPage();
    await gotoDashboard(other, collector.url, `/features${shared.search}`);
    expect(await other.inputValue('select:near(:text("Interval"))')).toBe("week");
    expect(await other.getAttribute("nav a[aria-current=page]", "href")).toBe(`/features${shared.search}`);
    await other.context().close();
    await ctx.close();
  });

  it("works from the keyboard: skip link, sorting a table, a chart's figures as a table, the sidebar", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    await gotoDashboard(page, collector.url, "/features", "table.table tbody tr");
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    await page.focus('.th-btn:text-is("Uses")');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.search.includes("sort=uses"));
    const uses = await page.$$eval("table.table tbody tr td:nth-of-type(4)", (tds) => tds.map((td) => Number(td.textContent?.replace(/,/g, ""))));
    expect(uses).toEqual([...uses].sort((a, b) => b - a));

    await page.focus(".chart-table summary");
    await page.keyboard.press("Enter");
    expect(await page.isVisible(".chart-table table")).toBe(true);

    await page.focus('nav a:text-is("Accounts")');
    await page.keyboard.press("Enter");
    await page.waitForSelector("tr[data-account]");
    expect(new URL(page.url()).pathname).toBe("/accounts");
    await ctx.close();
  });

  it("lists the API's accounts worst health first and opens an account from the table", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    await gotoDashboard(page, collector.url, "/accounts");
    const api = await collector.query<{ accounts: { id: string; health: number | null }[] }>("/v1/accounts?sort=health");
    const shown = await page.$$eval("tr[data-account]", (rows) => rows.map((r) => r.getAttribute("data-account")));
    expect(shown).toEqual(api.accounts.map((a) => a.id));
    await page.click(`tr[data-account="${api.accounts[0].id}"] th a`);
    await page.waitForSelector(".part-list");
    expect(new URL(page.url()).pathname).toBe(`/accounts/${api.accounts[0].id}`);
    expect(numberIn(await page.textContent(".stat .health"))).toBe(api.accounts[0].health);
    await ctx.close();
  });

  it("creates a survey in the dashboard that the demo page then shows in its widget", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    const problems = watch(page);
    await gotoDashboard(page, collector.url, "/surveys");
    await page.click("text=New survey");
    await page.waitForSelector("#survey-id");
    // The demo page's "Give feedback" button opens the survey with this id.
    await page.fill("#survey-id", "nps-demo");
    await page.fill("#survey-question", "How likely are you to recommend Ledgerly to your team?");
    await page.fill("#survey-followUp", "What would make it a 10?");
    await page.click("text=Show the real widget");
    const preview = page.locator('[data-uptake-widget="survey"]');
    await expect.poll(() => preview.getByText("How likely are you to recommend Ledgerly to your team?").count()).toBe(1);
    await page.click("text=Create survey");
    await page.waitForURL(/\/surveys\/nps-demo\?/);
    const saved = await collector.query<{ question: string; status: string }>("/v1/surveys/nps-demo");
    expect(saved).toMatchObject({ question: "How likely are you to recommend Ledgerly to your team?", status: "active" });
    expect(problems).toEqual([]);

    const demo = await ctx.newPage();
    await demo.goto(`${collector.url}/demo`);
    await demo.click("#login");
    await demo.waitForSelector("#app-view:not([hidden])");
    await demo.click("#feedback");
    const widget = demo.locator('[data-uptake-widget="survey"]');
    await expect.poll(() => widget.getByText("How likely are you to recommend Ledgerly to your team?").count(), { timeout: 15_000 }).toBe(1);
    await demo.screenshot({ path: `${SCREENSHOTS}dashboard-survey-on-demo.png` });
    await ctx.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`passes axe-core on every page in ${scheme} mode, and saves each page's screenshot`, async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const ctx = await signedIn(scheme, true);
      const page = await ctx.newPage();
      const problems = watch(page);
      const report: Record<string, string[]> = {};
      for (const p of PAGES) {
        await gotoDashboard(page, collector.url, p.path, p.ready);
        await p.prepare?.(page);
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          const r = await axe.run(document, { resultTypes: ["violations"] });
          return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        });
        report[p.name] = result;
        await page.screenshot({ path: `${SCREENSHOTS}dashboard-${p.name}-${scheme}.png`, fullPage: true });
      }
      expect(report).toEqual(Object.fromEntries(PAGES.map((p) => [p.name, []])));
      expect(problems).toEqual([]);
      await ctx.close();
    }, 120_000);
  }
});
