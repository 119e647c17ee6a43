// The widgets as an end user and a vendor meet them, in real Chromium against a real collector: the demo
// page with an NPS survey and a checklist defined through the admin API, keyboard answers landing in the
// store, progress following the user across browsers, axe-core, a hostile host page under a strict CSP.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOTS } from "./helpers/browser.ts";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";
import { defineWidgets } from "./helpers/widgets-setup.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SNIPPET = readFileSync(join(import.meta.dirname, "../packages/sdk/dist/snippet.min.js"), "utf8");

let collector: RunningCollector;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [collector, browser] = await Promise.all([startCollector(), launchBrowser()]);
  await defineWidgets(collector);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await collector?.stop();
});

type W = { uptake: { flush(): Promise<void>; showSurvey(id: string): void; showChecklist(id?: string): void } };

async function open(locale = "en-US", extra: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ locale, deviceScaleFactor: 2, viewport: { width: 1100, height: 760 }, ...extra });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

async function signIn(page: Page, email: string, company: string) {
  await page.goto(`${collector.url}/demo`);
  await page.fill("#email", email);
  await page.fill("#company", company);
  await page.click("#login");
  await page.waitForFunction(() => !Array.isArray((window as unknown as { uptake: unknown }).uptake));
}

const flush = (page: Page) => page.evaluate(() => (window as unknown as W).uptake.flush());
const card = (page: Page) => page.locator('[data-uptake-widget="survey"] .card');
const launcher = (page: Page) => page.locator('[data-uptake-widget="checklist"] .launcher');

/** Screenshot of one widget with a margin of the page around it. */
async function shot(page: Page, target: Locator, name: string) {
  await page.waitForTimeout(700); // let the entrance animation finish: the picture, not the test, needs it
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  const m = 20;
  await page.screenshot({
    path: `${SCREENSHOTS}${name}.png`,
    clip: { x: Math.max(0, box.x - m), y: Math.max(0, box.y - m), width: box.width + 2 * m, height: box.height + 2 * m },
  });
}

describe("NPS on the demo page", () => {
  it("appears after its trigger event with no further question to the collector, is answered by keyboard, and the answer is stored", async () => {
    const { page, errors } = await open();
    await signIn(page, "nina@initech.example", "Initech");
    await flush(page);
    const asked: string[] = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await page.click('[data-feature="export"]');
    await card(page).waitFor();
    expect(asked.filter((p) => p === "/v1/widgets")).toEqual([]);
    expect(asked.filter((p) => p !== "/v1/batch").length).toBeLessThanOrEqual(1);

    await expect.poll(() => card(page).locator("h2").textContent()).toBe("How likely are you to recommend Ledgerly to a friend or colleague?");
    await shot(page, card(page), "widget-nps-en");
    // Focus moved into the survey: arrows choose, Enter answers.
    for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
    expect(await card(page).locator("[aria-checked=true]").textContent()).toBe("9");
    await page.keyboard.press("Enter");
    expect(await card(page).locator("h2").textContent()).toBe("What do you like most about Ledgerly?");
    await page.keyboard.type("The one-click CSV export");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => card(page).locator("[role=status]").textContent()).toBe("Thank you for your feedback!");
    await flush(page);

    const events = await collector.store.exportUser("default", "nina@initech.example");
    const answered = events.filter((e) => e.event === "Survey Responded");
    expect(answered.map((e) => e.properties)).toEqual([{ survey_id: "nps-demo", kind: "nps", score: 9, comment: "The one-click CSV export" }]);
    expect(events.filter((e) => e.event === "Survey Shown")).toHaveLength(1);
    // The collector now holds it back: recontact wait, kept server-side.
    const next = await (await fetch(`${collector.url}/v1/widgets?writeKey=${collector.writeKey}&userId=nina@initech.example`)).json();
    expect(next.surveys.map((s: { id: string }) => s.id)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("closes with Escape as a dismissal, stored so no other device shows it again", async () => {
    const { page } = await open();
    await signIn(page, "otto@initech.example", "Initech");
    await page.click('[data-feature="export"]');
    await card(page).waitFor();
    await page.keyboard.press("Escape");
    await card(page).waitFor({ state: "detached" });
    await flush(page);
    const events = await collector.store.exportUser("default", "otto@initech.example");
    expect(events.filter((e) => e.event === "Survey Dismissed").map((e) => e.properties)).toEqual([{ survey_id: "nps-demo", kind: "nps" }]);
  });

  it("keeps an answer given offline and delivers it once the network is back", async () => {
    const { context, page } = await open();
    await signIn(page, "olga@initech.example", "Initech");
    await page.click('[data-feature="export"]');
    await card(page).waitFor();
    await context.setOffline(true);
    await card(page).getByRole("radio", { name: "3 out of 10" }).click();
    await card(page).getByRole("button", { name: "Skip" }).click();
    await flush(page);
    expect((await collector.store.exportUser("default", "olga@initech.example")).some((e) => e.event === "Survey Responded")).toBe(false);
    await context.setOffline(false);
    await expect
      .poll(async () => {
        await flush(page);
        return (await collector.store.exportUser("default", "olga@initech.example")).filter((e) => e.event === "Survey Responded").map((e) => e.properties);
      }, { timeout: 30_000, interval: 1000 })
      .toEqual([{ survey_id: "nps-demo", kind: "nps", score: 3 }]);
  });

  it("speaks Brazilian Portuguese in a pt-BR browser", async () => {
    const { page } = await open("pt-BR");
    await signIn(page, "joao@initech.example", "Initech");
    await page.click('[data-feature="export"]');
    await card(page).waitFor();
    await expect.poll(() => card(page).locator("h2").textContent()).toBe("Qual a chance de você recomendar o Ledgerly a um amigo ou colega?");
    expect(await card(page).getByRole("button", { name: "Lembrar mais tarde" }).count()).toBe(1);
    await shot(page, card(page), "widget-nps-pt-BR");
  });
});

describe("CSAT opened by showSurvey()", () => {
  for (const locale of ["en", "pt-BR"]) {
    it(`shows five stars, outside targeting (${locale})`, async () => {
      const { page } = await open(locale === "en" ? "en-US" : "pt-BR");
      await signIn(page, `csat-${locale}@initech.example`, "Initech");
      await page.evaluate(() => (window as unknown as W).uptake.showSurvey("csat-exports"));
      await card(page).waitFor();
      expect(await card(page).locator("[role=radio]").count()).toBe(5);
      await card(page).locator("[role=radio]").nth(3).hover();
      await shot(page, card(page), `widget-csat-${locale}`);
    });
  }
});

describe("checklist", () => {
  it("ticks an item done in another browser of the same user, and an account item done by a teammate", async () => {
    const a = await open();
    await signIn(a.page, "bob@globex.example", "Globex");
    await launcher(a.page).waitFor();
    await expect.poll(() => launcher(a.page).textContent()).toContain("0 of 4");

    const b = await open();
    await signIn(b.page, "bob@globex.example", "Globex");
    await b.page.click('[data-feature="reports"]');
    await flush(b.page);

    await a.page.evaluate(() => (window as unknown as W).uptake.showChecklist());
    await expect.poll(() => launcher(a.page).textContent()).toContain("1 of 4");
    const panel = a.page.locator('[data-uptake-widget="checklist"] section');
    expect(await panel.locator("li.on").allTextContents()).toEqual([expect.stringContaining("Build your first report")]);

    const teammate = await open();
    await signIn(teammate.page, "carol@globex.example", "Globex");
    await teammate.page.click('[data-feature="invite"]');
    await flush(teammate.page);
    await a.page.evaluate(() => (window as unknown as W).uptake.showChecklist());
    await expect.poll(() => launcher(a.page).textContent()).toContain("2 of 4");
    await shot(a.page, a.page.locator('[data-uptake-widget="checklist"] .stack'), "widget-checklist-en");
  });

  it("celebrates completion without motion when the user asks for reduced motion", async () => {
    const { page } = await open("pt-BR", { reducedMotion: "reduce" });
    await signIn(page, "dora@umbrella.example", "Umbrella");
    await launcher(page).click();
    await expect.poll(() => launcher(page).textContent()).toContain("0 de 4");
    await shot(page, page.locator('[data-uptake-widget="checklist"] .stack'), "widget-checklist-pt-BR");
    for (const f of ["reports", "invite", "export"]) await page.click(`[data-feature="${f}"]`);
    await page.locator('[data-uptake-widget="checklist"]').getByRole("button", { name: "Marcar como feito: Leia o guia rápido" }).click();
    const party = page.locator('[data-uptake-widget="checklist"] .party svg');
    await party.waitFor();
    expect(await party.evaluate((el) => getComputedStyle(el).animationName)).toBe("none");
    await flush(page);
    const events = await collector.store.exportUser("default", "dora@umbrella.example");
    expect(events.filter((e) => e.event === "Checklist Completed")).toHaveLength(1);
  });
});

describe("accessibility", () => {
  it("axe-core finds no violation in the open survey or the open checklist", async () => {
    const { page } = await open();
    await signIn(page, "axel@hooli.example", "Hooli");
    await launcher(page).click();
    await page.click('[data-feature="export"]');
    await card(page).waitFor();
    await page.waitForTimeout(400);
    await page.addScriptTag({ path: AXE });
    const { violations, checkedInside } = await page.evaluate(async () => {
      type Result = { id: string; nodes: { target: unknown[] }[] };
      const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
      const result = await axe.run(document);
      // Only what lies in our shadow roots: the demo page's own markup is not the widgets' to answer for.
      const ours = (t: unknown[]) => Array.isArray(t[0]) || String(t[0]).includes("uptake-widget");
      return {
        violations: result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target).filter(ours) })).filter((v) => v.targets.length),
        checkedInside: result.passes.filter((p) => p.nodes.some((n) => ours(n.target))).map((p) => p.id),
      };
    });
    expect(violations).toEqual([]);
    // axe did look inside both shadow roots: names, ARIA roles and contrast were checked there.
    expect(checkedInside).toEqual(expect.arrayContaining(["button-name", "aria-dialog-name", "aria-progressbar-name", "color-contrast", "list", "region"]));
  });
});

describe("a hostile host page under a strict Content-Security-Policy", () => {
  const CSP = "default-src 'self'; script-src 'self' 'nonce-e2e'; style-src 'self' 'nonce-e2e'; img-src 'self'; connect-src 'self'";
  const HOSTILE = `<style nonce="e2e">* { all: unset !important; } *, *::before, *::after { color: red !important; font: 40px serif !important; display: inline !important; position: static !important; background: yellow !important; border: 5px solid lime !important; }</style>`;
  const html = (hostile: boolean) => `<!doctype html><html><head><meta charset="utf-8">${hostile ? HOSTILE : ""}
<script nonce="e2e">${SNIPPET.replace('"YOUR_WRITE_KEY"', JSON.stringify(collector.writeKey))}
uptake.init({ writeKey: ${JSON.stringify(collector.writeKey)}, nonce: "e2e" });
uptake.identify("host-" + ${hostile ? '"hostile"' : '"plain"'});</script>
<script async nonce="e2e" src="/sdk.js"></script></head><body><p>A vendor's page</p></body></html>`;

  async function visit(hostile: boolean) {
    const { page, errors } = await open();
    const path = hostile ? "/hostile-host" : "/plain-host";
    await page.route(`${collector.url}${path}`, (route) =>
      route.fulfill({ contentType: "text/html", body: html(hostile), headers: hostile ? { "content-security-policy": CSP } : {} }),
    );
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${collector.url}${path}`);
    await page.waitForFunction(() => !Array.isArray((window as unknown as { uptake: unknown }).uptake));
    return { page, errors };
  }

  const measure = (page: Page) =>
    card(page).evaluate((el) => {
      // Layout is compared to the pixel: sub-pixel noise (1e-4 px between two pages) is not a change a person sees.
      const r = (e: Element) => {
        const b = e.getBoundingClientRect();
        return { width: Math.round(b.width), height: Math.round(b.height) };
      };
      const s = (e: Element) => getComputedStyle(e);
      const h2 = el.querySelector("h2") as Element;
      const radio = el.querySelector("[role=radio]") as Element;
      return {
        card: [r(el).width, r(el).height, s(el).backgroundColor, s(el).borderTopWidth],
        title: [s(h2).fontSize, s(h2).color, s(h2).fontFamily, s(h2).display],
        radio: [r(radio).width, r(radio).height, s(radio).backgroundColor],
        fixed: s(el.parentElement as Element).position,
      };
    });

  it("changes nothing in the widget, and the widget breaks no CSP rule", async () => {
    const plain = await visit(false);
    await plain.page.evaluate(() => (window as unknown as W).uptake.showSurvey("nps-demo"));
    await card(plain.page).waitFor();
    const expected = await measure(plain.page);

    const hostile = await visit(true);
    await hostile.page.evaluate(() => (window as unknown as W).uptake.showSurvey("nps-demo"));
    await card(hostile.page).waitFor();
    expect(await measure(hostile.page)).toEqual(expected);
    expect(expected.fixed).toBe("fixed");
    expect(await hostile.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(hostile.errors).toEqual([]);
  });

  it("renders survey text holding <img onerror> as literal text", async () => {
    const evil = `<img src=x onerror="window.__pwned=1">Was this page helpful?`;
    const res = await collector.admin("POST", "/v1/surveys", { id: "xss", kind: "csat", question: evil, trigger: { event: "Never Tracked" } });
    expect(res.status).toBe(201);
    const { page } = await visit(true);
    await page.evaluate(() => (window as unknown as W).uptake.showSurvey("xss"));
    await card(page).waitFor();
    expect(await card(page).locator("h2").textContent()).toBe(evil);
    expect(await card(page).locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
