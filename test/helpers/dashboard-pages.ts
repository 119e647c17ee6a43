/** The dashboard's pages as the end-to-end test visits them, and how to read a figure off the screen. */
import type { Page } from "playwright-core";

export type DashboardPage = { name: string; path: string; ready: string; prepare?: (page: Page) => Promise<void> };

export const PAGES: DashboardPage[] = [
  { name: "overview", path: "/", ready: '[data-stat="dau"]' },
  { name: "features", path: "/features", ready: "table.table tbody tr" },
  { name: "accounts", path: "/accounts", ready: "tr[data-account]" },
  { name: "account", path: "/accounts/acct_00001", ready: ".part-list" },
  { name: "surveys", path: "/surveys", ready: "tr[data-survey]" },
  { name: "survey-results", path: "/surveys/nps-q", ready: '[data-stat="survey-score"]' },
  {
    name: "survey-editor",
    path: "/surveys/nps-q/edit",
    ready: "#survey-question",
    prepare: async (page) => {
      await page.click("text=Show the real widget");
      await page.locator('[data-uptake-widget="survey"]').getByText("recommend Ledgerly").waitFor();
      await page.waitForTimeout(400);
    },
  },
  { name: "checklists", path: "/checklists", ready: "table.table tbody tr" },
  { name: "checklist-funnel", path: "/checklists/onboarding", ready: ".funnel li, .state.empty" },
  { name: "checklist-editor", path: "/checklists/onboarding/edit", ready: "#checklist-title" },
];

/** Opens a dashboard path and waits until its data is drawn (no loading state left). */
export async function gotoDashboard(page: Page, base: string, path: string, ready = "main h1") {
  await page.goto(base + path);
  await page.waitForSelector(ready);
  await page.waitForFunction(() => !document.querySelector(".spinner"));
}

/** `1,234` → 1234, `27.5%` → 27.5, `+31` → 31; null when there is no number. */
export function numberIn(text: string | null): number | null {
  const m = /[-−]?\d[\d,]*(\.\d+)?/.exec(text ?? "");
  return m ? Number(m[0].replace(/,/g, "").replace("−", "-")) : null;
}

export async function readStat(page: Page, id: string): Promise<number | null> {
  return numberIn(await page.textContent(`[data-stat="${id}"] .stat-value`));
}
